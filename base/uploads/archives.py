"""Office files (Word, OpenDocument text, PowerPoint, Excel) are ZIP archives: checked for zip bombs before anything in
them is unpacked, and for the format their name claims."""

import contextlib
import os
import re
import struct
import zipfile

from .refusals import MESSAGES, FileRefused, mislabelled, refusal
from .sniffing import FORMATS

MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 200
# A member smaller than this cannot hurt whatever its ratio, and tiny XML parts of honest files can compress very well.
ZIP_RATIO_MIN_BYTES = 1024 * 1024
# A normal DOCX has a few dozen members; a central directory bigger than this is refused before Python lists it.
MAX_ZIP_DIRECTORY_BYTES = MAX_ZIP_MEMBERS * 1024
HEADER_BYTES = 1024 * 1024  # more than enough for [Content_Types].xml or a manifest, even of a long presentation
# The content type of an Office Open XML file's main part, or an OpenDocument's mimetype, says which format it is.
OFFICE_TYPES = {
    ".docx": re.compile(rb"(wordprocessingml|ms-word)\.(document|template)(\.macroenabled)?\.main", re.IGNORECASE),
    ".pptx": re.compile(
        rb"(presentationml|ms-powerpoint)\.(presentation|slideshow|template)(\.macroenabled)?\.main", re.IGNORECASE
    ),
    ".xlsx": re.compile(rb"(spreadsheetml|ms-excel)\.(sheet|template)(\.macroenabled)?\.main", re.IGNORECASE),
}
ODF_TEXT = b"application/vnd.oasis.opendocument.text"
# For each format: its refusal when the file is an old or encrypted Office file, when the archive or its XML is
# damaged, and when the archive holds another format.
ZIPPED = {
    ".docx": ("docx_ole", "docx_damaged", "docx_not_word"),
    ".odt": (None, "odt_damaged", "odt_not_text"),
    ".pptx": ("pptx_ole", "pptx_damaged", "pptx_not_slides"),
    ".xlsx": ("xlsx_ole", "xlsx_damaged", "xlsx_not_sheet"),
}


@contextlib.contextmanager
def office_archive(stream, name: str, kind: str, extension: str):
    """The open archive of an Office file named `name`, once it passed the zip-bomb checks and was found to hold the
    format its extension claims; `kind` is what its first bytes are (sniffing.sniff). Any failure while it is open
    that is not already a FileRefused is the refusal of a damaged file."""
    ole, damaged, foreign = ZIPPED[extension]
    if kind == "ole" and ole:
        raise refusal(name, MESSAGES[ole])
    if kind != "zip":
        raise mislabelled(name, FORMATS[extension], kind)
    try:
        with open_archive(stream, name) as archive:
            if identify(archive) != extension:
                raise refusal(name, MESSAGES[foreign])
            yield archive
    except FileRefused:
        raise
    except Exception as error:
        raise refusal(name, MESSAGES[damaged]) from error
    finally:
        stream.seek(0)


def identify(archive) -> str | None:
    """The extension of the Office format a ZIP archive really holds (".odt", ".docx", ".pptx", ".xlsx"), if any."""
    names = set(archive.namelist())
    if "mimetype" in names:
        with archive.open("mimetype") as member:
            if member.read(256).strip().startswith(ODF_TEXT):
                return ".odt"
    if "[Content_Types].xml" in names:
        with archive.open("[Content_Types].xml") as member:
            content_types = member.read(HEADER_BYTES)
        for extension, main_part in OFFICE_TYPES.items():
            if main_part.search(content_types):
                return extension
    return None


def open_archive(stream, name: str) -> zipfile.ZipFile:
    """The archive, once it passed the zip-bomb checks: nothing in it is unpacked before. zipfile never unpacks more
    of a member than its declared size, so checking the declared sizes bounds the work."""
    entries, directory_size = _declared_directory(stream)
    if entries > MAX_ZIP_MEMBERS or directory_size > MAX_ZIP_DIRECTORY_BYTES:
        raise refusal(name, MESSAGES["zip_members"], limit=f"{MAX_ZIP_MEMBERS:,}")
    archive = zipfile.ZipFile(stream)
    try:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:  # the end record may lie; the real listing is counted too
            raise refusal(name, MESSAGES["zip_members"], limit=f"{MAX_ZIP_MEMBERS:,}")
        if sum(member.file_size for member in members) > MAX_ZIP_UNCOMPRESSED_BYTES:
            raise refusal(name, MESSAGES["zip_size"], limit=MAX_ZIP_UNCOMPRESSED_BYTES // (1024 * 1024))
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size >= ZIP_RATIO_MIN_BYTES and ratio > MAX_ZIP_RATIO:
                raise refusal(name, MESSAGES["zip_ratio"], ratio=MAX_ZIP_RATIO)
    except BaseException:
        archive.close()
        raise
    return archive


def _declared_directory(stream) -> tuple[int, int]:
    """Member count and directory size from the ZIP end record, read before zipfile builds a list of every member."""
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    tail_length = min(size, 22 + 65535)  # the end record is 22 bytes, followed by a comment of up to 64 KB
    stream.seek(size - tail_length)
    tail = stream.read(tail_length)
    stream.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return 0, 0  # no end record: zipfile will say the archive is broken
    # 0xFFFF entries means a ZIP64 archive with at least that many members: too many for a document anyway.
    entries, directory_size = struct.unpack("<HI", tail[at + 10 : at + 16])
    return entries, directory_size
