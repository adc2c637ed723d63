"""Plain text of uploaded PDF and DOCX files, for full-text search; uploads are untrusted, so hostile files are refused.

Only ``extract_text`` and ``ExtractionError`` are meant to be used elsewhere. Every refusal is an ExtractionError whose
message is a translated sentence naming the file, fit to show an editor as is.
"""

import contextlib
import io
import os
import re
import struct
import time
import unicodedata
import zipfile

from django.utils.translation import gettext, gettext_noop

MAX_TEXT_CHARS = 1_000_000
MAX_PDF_PAGES = 1_000
# Checked between pages: a single pathological page can still run long, but the document as a whole cannot.
PDF_TIME_BUDGET_SECONDS = 20.0
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 200
# A member smaller than this cannot hurt whatever its ratio, and tiny XML parts of honest files can compress very well.
ZIP_RATIO_MIN_BYTES = 1024 * 1024
# A normal DOCX has a few dozen members; a central directory bigger than this is refused before Python lists it.
MAX_ZIP_DIRECTORY_BYTES = MAX_ZIP_MEMBERS * 1024

EXTRACTORS = {".pdf", ".docx"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb06": "st"}
)
LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Control characters (C0 except tab and newline, DEL, C1), lone surrogates, non-characters, invisible soft hyphens,
# zero-width spaces and byte-order marks: PostgreSQL refuses NUL and none of them helps search.
INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff\u00ad\u200b\ufeff]")
HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
BLANK_LINES = re.compile(r"\n{3,}")

# What editors read, in one place; marked for makemessages here and translated when raised, in the active language.
MESSAGES = {
    "unopenable": gettext_noop("“%(name)s” could not be opened, so its text cannot be read."),
    "empty": gettext_noop("“%(name)s” is empty, so there is no text to read."),
    "unrecognised": gettext_noop("“%(name)s” is not a valid %(expected)s file: its content is not recognised. Please check that you picked the right file."),
    "mislabelled": gettext_noop("“%(name)s” is named like a %(expected)s file but is really %(actual)s. Please check that you picked the right file, or export it again as %(expected)s."),
    "pdf_damaged": gettext_noop("“%(name)s” could not be read: the PDF seems damaged or incomplete. Please export it again and upload the new copy."),
    "pdf_password": gettext_noop("“%(name)s” is protected by a password, so its text cannot be read. Please upload a copy without a password."),
    "pdf_cipher": gettext_noop("“%(name)s” is encrypted in a way this site cannot open, so its text cannot be read. Please upload a copy without a password."),
    "pdf_limits": gettext_noop("“%(name)s” could not be read: the PDF contains parts too large or complex to process safely."),
    "docx_ole": gettext_noop("“%(name)s” cannot be read: it is either protected by a password or saved in the old Word format (.doc). Please save it as a .docx without a password, or as a PDF."),
    "docx_damaged": gettext_noop("“%(name)s” could not be read: the Word document seems damaged or incomplete. Please save it again and upload the new copy."),
    "docx_not_word": gettext_noop("“%(name)s” is a ZIP archive but not a Word document. Please upload a .docx file saved from Word, LibreOffice or Google Docs, or a PDF."),
    "zip_members": gettext_noop("“%(name)s” was refused: it holds more than %(limit)s files inside, far more than a real document."),
    "zip_size": gettext_noop("“%(name)s” was refused: once unpacked it would take more than %(limit)s MB, far more than a real document."),
    "zip_ratio": gettext_noop("“%(name)s” was refused: a part of it unpacks to more than %(ratio)s times its stored size, the mark of a “zip bomb” rather than a document."),
}  # fmt: skip
KINDS = {
    "pdf": gettext_noop("a PDF"),
    "zip": gettext_noop("a ZIP archive"),
    "ole": gettext_noop("an old-format Office file"),
    "image": gettext_noop("an image"),
    "html": gettext_noop("a web page (HTML)"),
    "xml": gettext_noop("an XML or HTML text"),
}


class ExtractionError(Exception):
    """A file whose text cannot be read; str(error) is a translated sentence naming the file, to show an editor."""


def _refusal(name: str, key: str, **values) -> ExtractionError:
    """The error for a refused file, translated now, naming the file so editors know which upload is at fault."""
    return ExtractionError(gettext(MESSAGES[key]) % {"name": name, **values})


def extract_text(fileobj, filename: str) -> str:
    """Text of a PDF or DOCX upload for the search index, "" for other kinds; raises ExtractionError on bad files."""
    extension = os.path.splitext(filename)[1].lower()
    if extension not in EXTRACTORS:
        return ""
    name = os.path.basename(filename) or filename
    if getattr(fileobj, "closed", False) and hasattr(fileobj, "open"):
        try:
            fileobj.open("rb")  # a Django File or FieldFile that was closed after saving
        except Exception as error:
            raise _refusal(name, "unopenable") from error
    try:
        position = fileobj.tell()
        fileobj.seek(0)
    except Exception:  # a pipe or socket: it cannot be read twice, so read it whole once
        position, fileobj = None, io.BytesIO(fileobj.read())
    try:
        head = fileobj.read(1024)
        fileobj.seek(0)
        if not head:
            raise _refusal(name, "empty")
        kind = _sniff(head)
        chunks = _pdf_chunks(fileobj, name, kind) if extension == ".pdf" else _docx_chunks(fileobj, name, kind)
        return normalise("\n\n".join(chunks))[:MAX_TEXT_CHARS].rstrip()
    finally:
        if position is not None:
            with contextlib.suppress(Exception):
                fileobj.seek(position)


def normalise(text: str) -> str:
    """One space between words, one blank line between paragraphs, no control characters: clean for any database."""
    text = LINE_BREAKS.sub("\n", text)
    text = INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text.translate(LIGATURES))
    text = "\n".join(line.strip() for line in HORIZONTAL_SPACE.sub(" ", text).split("\n"))
    return BLANK_LINES.sub("\n\n", text).strip()


def _sniff(head: bytes) -> str:
    """What the first bytes say the file really is, whatever its name claims."""
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG", b"GIF8")) or head[8:12] == b"WEBP":
        return "image"
    if b"%PDF-" in head[:1024]:  # readers accept a little junk before the header, so pypdf is given the same chance
        return "pdf"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in start[:512]:
        return "html"
    if start.startswith(b"<"):
        return "xml"
    return "unknown"


def _mislabelled(name: str, expected: str, kind: str) -> ExtractionError:
    """The refusal for a file whose content does not match its extension, saying what it looks like instead."""
    if kind not in KINDS:
        return _refusal(name, "unrecognised", expected=expected)
    return _refusal(name, "mislabelled", expected=expected, actual=gettext(KINDS[kind]))


def _pdf_chunks(stream, name: str, kind: str) -> list[str]:
    """Text of each page, within the page and time budgets; pypdf failures of any kind become an ExtractionError."""
    # pypdf and python-docx load with the first document read: web workers that never extract skip them.
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import LimitReachedError

    if kind != "pdf":
        raise _mislabelled(name, "PDF", kind)
    try:
        reader = PdfReader(stream, strict=False)
        encrypted = reader.is_encrypted
    except Exception as error:
        raise _refusal(name, "pdf_damaged") from error
    if encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as error:  # e.g. AES without the optional crypto library
            raise _refusal(name, "pdf_cipher") from error
        if opened == PasswordType.NOT_DECRYPTED:
            raise _refusal(name, "pdf_password")

    chunks, total, failures, started = [], 0, 0, time.monotonic()
    try:
        for index, page in enumerate(reader.pages):
            if index >= MAX_PDF_PAGES or total > MAX_TEXT_CHARS:
                break
            if index and time.monotonic() - started > PDF_TIME_BUDGET_SECONDS:
                break
            try:
                chunk = normalise(page.extract_text() or "")
            except LimitReachedError:
                raise
            except Exception:  # one unreadable page should not cost the text of all the others
                failures += 1
                continue
            chunks.append(chunk)
            total += len(chunk) + 2
    except LimitReachedError as error:
        raise _refusal(name, "pdf_limits") from error
    except Exception as error:
        raise _refusal(name, "pdf_damaged") from error
    if failures and not any(chunks):
        raise _refusal(name, "pdf_damaged")
    return chunks


def _docx_chunks(stream, name: str, kind: str) -> list[str]:
    """Paragraphs and table rows in document order, after the archive passed the zip-bomb checks."""
    from docx import Document  # loaded with the first Word file read (see _pdf_chunks)

    if kind == "ole":
        raise _refusal(name, "docx_ole")
    if kind != "zip":
        raise _mislabelled(name, "Word (.docx)", kind)
    _check_archive(stream, name)
    try:
        document = Document(stream)
        chunks, total = [], 0
        for chunk in _docx_blocks(document):
            chunks.append(chunk)
            total += len(chunk) + 2
            if total > MAX_TEXT_CHARS:
                break
        return chunks
    except Exception as error:
        raise _refusal(name, "docx_damaged") from error


def _docx_blocks(container):
    """Paragraph texts, and each table as one line per row with cells joined by " | ", nested tables flattened."""
    from docx.table import Table  # loaded with the first Word file read (see _pdf_chunks)

    for block in container.iter_inner_content():
        if not isinstance(block, Table):
            yield block.text
            continue
        rows = []
        for row in block.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                    continue
                seen.add(id(cell._tc))
                text = " ".join(" ".join(_docx_blocks(cell)).split())
                if text:
                    cells.append(text)
            rows.append(" | ".join(cells))
        yield "\n".join(rows)


def _check_archive(stream, name: str) -> None:
    """Refuse a zip bomb, or a ZIP that is no Word document, before any XML is parsed."""
    entries, directory_size = _declared_directory(stream)
    if entries > MAX_ZIP_MEMBERS or directory_size > MAX_ZIP_DIRECTORY_BYTES:
        raise _refusal(name, "zip_members", limit=f"{MAX_ZIP_MEMBERS:,}")
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:  # the end record may lie; the real listing is counted too
                raise _refusal(name, "zip_members", limit=f"{MAX_ZIP_MEMBERS:,}")
            if sum(member.file_size for member in members) > MAX_ZIP_UNCOMPRESSED_BYTES:
                raise _refusal(name, "zip_size", limit=MAX_ZIP_UNCOMPRESSED_BYTES // (1024 * 1024))
            for member in members:
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size >= ZIP_RATIO_MIN_BYTES and ratio > MAX_ZIP_RATIO:
                    raise _refusal(name, "zip_ratio", ratio=MAX_ZIP_RATIO)
            names = {member.filename for member in members}
            content_types = archive.open("[Content_Types].xml").read(65536) if "[Content_Types].xml" in names else b""
    except ExtractionError:
        raise
    except Exception as error:
        raise _refusal(name, "docx_damaged") from error
    finally:
        stream.seek(0)
    if b"wordprocessingml" not in content_types:
        raise _refusal(name, "docx_not_word")


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
