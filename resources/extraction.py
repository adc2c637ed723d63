"""Plain text of uploaded documents, for full-text search; uploads are untrusted, so hostile files are refused.

PDF and Word files are read here, OpenDocument text, PowerPoint and Excel by ``extraction_office``, CSV and TXT by
``extraction_plain``; the refusals and the limits that keep a hostile file from costing too much are all here.

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

from . import extraction_office as office
from . import extraction_plain as plain

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
# XML elements read per document (a workbook's table of strings has its own count): millions of empty spreadsheet
# cells cost time without adding text, and the text budget alone would not stop them.
MAX_XML_ELEMENTS = 5_000_000
# A CSV or TXT file is read this far: in UTF-8 a character takes at most four bytes.
MAX_TEXT_BYTES_PER_CHAR = 4

# The formats whose text is read, by extension, and the name each goes by in messages (the same in every language).
EXTRACTORS = {
    ".pdf": "PDF",
    ".docx": "Word (.docx)",
    ".odt": "OpenDocument (.odt)",
    ".pptx": "PowerPoint (.pptx)",
    ".xlsx": "Excel (.xlsx)",
    ".csv": "CSV",
    ".txt": "TXT",
}
PLAIN = {".csv", ".txt"}
# A CSV or TXT file that starts like one of these is refused whatever its bytes decode to.
BINARY_KINDS = {"zip", "ole", "image", "program"}
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
    "password": gettext_noop("“%(name)s” is protected by a password, so its text cannot be read. Please upload a copy without a password."),
    "pdf_cipher": gettext_noop("“%(name)s” is encrypted in a way this site cannot open, so its text cannot be read. Please upload a copy without a password."),
    "pdf_limits": gettext_noop("“%(name)s” could not be read: the PDF contains parts too large or complex to process safely."),
    "docx_ole": gettext_noop("“%(name)s” cannot be read: it is either protected by a password or saved in the old Word format (.doc). Please save it as a .docx without a password, or as a PDF."),
    "docx_damaged": gettext_noop("“%(name)s” could not be read: the Word document seems damaged or incomplete. Please save it again and upload the new copy."),
    "docx_not_word": gettext_noop("“%(name)s” is a ZIP archive but not a Word document. Please upload a .docx file saved from Word, LibreOffice or Google Docs, or a PDF."),
    "zip_members": gettext_noop("“%(name)s” was refused: it holds more than %(limit)s files inside, far more than a real document."),
    "zip_size": gettext_noop("“%(name)s” was refused: once unpacked it would take more than %(limit)s MB, far more than a real document."),
    "zip_ratio": gettext_noop("“%(name)s” was refused: a part of it unpacks to more than %(ratio)s times its stored size, the mark of a “zip bomb” rather than a document."),
    "xml_entities": gettext_noop("“%(name)s” was refused: its XML declares a DOCTYPE or entities, which real documents never do and attacks use to overload a site."),
    "odt_damaged": gettext_noop("“%(name)s” could not be read: the OpenDocument text seems damaged or incomplete. Please save it again and upload the new copy."),
    "odt_not_text": gettext_noop("“%(name)s” is a ZIP archive but not an OpenDocument text. Please upload an .odt file saved from LibreOffice, Word or Google Docs, or a PDF."),
    "pptx_ole": gettext_noop("“%(name)s” cannot be read: it is either protected by a password or saved in the old PowerPoint format (.ppt). Please save it as a .pptx without a password, or as a PDF."),
    "pptx_damaged": gettext_noop("“%(name)s” could not be read: the PowerPoint presentation seems damaged or incomplete. Please save it again and upload the new copy."),
    "pptx_not_slides": gettext_noop("“%(name)s” is a ZIP archive but not a PowerPoint presentation. Please upload a .pptx file saved from PowerPoint, LibreOffice or Google Slides, or a PDF."),
    "xlsx_ole": gettext_noop("“%(name)s” cannot be read: it is either protected by a password or saved in the old Excel format (.xls). Please save it as a .xlsx without a password, or as a CSV file."),
    "xlsx_damaged": gettext_noop("“%(name)s” could not be read: the Excel workbook seems damaged or incomplete. Please save it again and upload the new copy."),
    "xlsx_not_sheet": gettext_noop("“%(name)s” is a ZIP archive but not an Excel workbook. Please upload a .xlsx file saved from Excel, LibreOffice or Google Sheets, or a CSV file."),
}  # fmt: skip
# For each ZIP-based format: its refusal when the file is an old or encrypted Office file, when the archive or its XML
# is damaged, and when the archive holds another format.
ZIPPED = {
    ".docx": ("docx_ole", "docx_damaged", "docx_not_word"),
    ".odt": (None, "odt_damaged", "odt_not_text"),
    ".pptx": ("pptx_ole", "pptx_damaged", "pptx_not_slides"),
    ".xlsx": ("xlsx_ole", "xlsx_damaged", "xlsx_not_sheet"),
}
OFFICE_READERS = {".odt": office.odt_chunks, ".pptx": office.pptx_chunks, ".xlsx": office.xlsx_chunks}
KINDS = {
    "pdf": gettext_noop("a PDF"),
    "zip": gettext_noop("a ZIP archive"),
    "ole": gettext_noop("an old-format Office file"),
    "image": gettext_noop("an image"),
    "html": gettext_noop("a web page (HTML)"),
    "xml": gettext_noop("an XML or HTML text"),
    "program": gettext_noop("a program (an executable file)"),
}


class ExtractionError(Exception):
    """A file whose text cannot be read; str(error) is a translated sentence naming the file, to show an editor."""


def _refusal(name: str, key: str, **values) -> ExtractionError:
    """The error for a refused file, translated now, naming the file so editors know which upload is at fault."""
    return ExtractionError(gettext(MESSAGES[key]) % {"name": name, **values})


def extract_text(fileobj, filename: str) -> str:
    """Text of an upload in one of the EXTRACTORS formats for the search index, "" for other kinds; raises
    ExtractionError on bad files."""
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
        if extension == ".pdf":
            chunks = _pdf_chunks(fileobj, name, kind)
        elif extension in PLAIN:
            chunks = _plain_chunks(fileobj, name, kind, extension)
        else:
            chunks = _zip_chunks(fileobj, name, kind, extension)
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
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG", b"GIF8")) or (head.startswith(b"RIFF") and head[8:12] == b"WEBP"):
        return "image"
    # A Windows program's DOS header holds NUL bytes, which no text starting with "MZ" does; then Linux's ELF.
    if (head.startswith(b"MZ") and b"\x00" in head[2:64]) or head.startswith(b"\x7fELF"):
        return "program"
    if b"%PDF-" in head[:1024]:  # readers accept a little junk before the header, so pypdf is given the same chance
        return "pdf"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not start.startswith(b"<"):  # a text that mentions <html> further on is still a text
        return "unknown"
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in start[:512]:
        return "html"
    return "xml"


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
            raise _refusal(name, "password")

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


def _plain_chunks(stream, name: str, kind: str, extension: str) -> list[str]:
    """The decoded text of a CSV or TXT file (a CSV's cells laid out by rows), unless it is really a binary file or
    a web page; only as much is read as the text budget can use."""
    expected = EXTRACTORS[extension]
    limit = MAX_TEXT_CHARS * MAX_TEXT_BYTES_PER_CHAR
    data = stream.read(limit + 1)
    if kind in BINARY_KINDS or (kind == "pdf" and data.startswith(b"%PDF-")):
        raise _mislabelled(name, expected, kind)
    text = plain.decode(data[:limit], complete=len(data) <= limit)
    if plain.is_binary(text):
        raise _refusal(name, "unrecognised", expected=expected)
    if _sniff(text[:1024].encode()) == "html":  # sniffed once decoded, so that UTF-16 pages are caught as well
        raise _mislabelled(name, expected, "html")
    return [plain.csv_text(text) if extension == ".csv" else text]


def _zip_chunks(stream, name: str, kind: str, extension: str) -> list[str]:
    """Text of a Word, OpenDocument, PowerPoint or Excel file, once the archive passed the zip-bomb checks and holds
    the format its name claims."""
    ole, damaged, foreign = ZIPPED[extension]
    if kind == "ole" and ole:
        raise _refusal(name, ole)
    if kind != "zip":
        raise _mislabelled(name, EXTRACTORS[extension], kind)
    try:
        with _open_archive(stream, name) as archive:
            if office.identify(archive) != extension:
                raise _refusal(name, foreign)
            if extension == ".odt" and office.odt_encrypted(archive):
                raise _refusal(name, "password")
            if extension in OFFICE_READERS:
                return OFFICE_READERS[extension](archive, MAX_TEXT_CHARS, MAX_XML_ELEMENTS)
    except ExtractionError:
        raise
    except office.UnsafeXML as error:
        raise _refusal(name, "xml_entities") from error
    except Exception as error:
        raise _refusal(name, damaged) from error
    finally:
        stream.seek(0)
    return _docx_chunks(stream, name)


def _docx_chunks(stream, name: str) -> list[str]:
    """Paragraphs and table rows in document order."""
    from docx import Document  # loaded with the first Word file read (see _pdf_chunks)

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


def _open_archive(stream, name: str) -> zipfile.ZipFile:
    """The archive, once it passed the zip-bomb checks: nothing in it is unpacked before. zipfile never unpacks more
    of a member than its declared size, so checking the declared sizes bounds the work."""
    entries, directory_size = _declared_directory(stream)
    if entries > MAX_ZIP_MEMBERS or directory_size > MAX_ZIP_DIRECTORY_BYTES:
        raise _refusal(name, "zip_members", limit=f"{MAX_ZIP_MEMBERS:,}")
    archive = zipfile.ZipFile(stream)
    try:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:  # the end record may lie; the real listing is counted too
            raise _refusal(name, "zip_members", limit=f"{MAX_ZIP_MEMBERS:,}")
        if sum(member.file_size for member in members) > MAX_ZIP_UNCOMPRESSED_BYTES:
            raise _refusal(name, "zip_size", limit=MAX_ZIP_UNCOMPRESSED_BYTES // (1024 * 1024))
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size >= ZIP_RATIO_MIN_BYTES and ratio > MAX_ZIP_RATIO:
                raise _refusal(name, "zip_ratio", ratio=MAX_ZIP_RATIO)
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
