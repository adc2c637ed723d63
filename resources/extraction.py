"""Plain text of uploaded documents, for full-text search; uploads are untrusted, so hostile files are refused.

PDF and Word files are read here, OpenDocument text, PowerPoint and Excel by ``extraction_office``, CSV and TXT by
``extraction_plain``; the limits that keep a hostile file from costing too much to read are here. What a file really
is, and which files are refused for it, is base.uploads: the rules every upload of the site follows.

Only ``extract_text`` and ``ExtractionError`` are meant to be used elsewhere. Every refusal is an ExtractionError whose
message is a translated sentence naming the file, fit to show an editor as is.
"""

import os
import re
import time
import unicodedata

from django.utils.translation import gettext_noop

from base.uploads import archives, pdfs, refusals
from base.uploads.plain import plain_text
from base.uploads.sniffing import FORMATS, PLAIN, sniffed

from . import extraction_office as office
from . import extraction_plain as plain

MAX_TEXT_CHARS = 1_000_000
MAX_PDF_PAGES = 1_000
# Checked between pages: a single pathological page can still run long, but the document as a whole cannot.
PDF_TIME_BUDGET_SECONDS = 20.0
# XML elements read per document (a workbook's table of strings has its own count): millions of empty spreadsheet
# cells cost time without adding text, and the text budget alone would not stop them.
MAX_XML_ELEMENTS = 5_000_000
# A CSV or TXT file is read this far: in UTF-8 a character takes at most four bytes.
MAX_TEXT_BYTES_PER_CHAR = 4

LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb06": "st"}
)
LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Control characters (C0 except tab and newline, DEL, C1), lone surrogates, non-characters, invisible soft hyphens,
# zero-width spaces and byte-order marks: PostgreSQL refuses NUL and none of them helps search.
INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff\u00ad\u200b\ufeff]")
HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
BLANK_LINES = re.compile(r"\n{3,}")

# What editors read: the refusals of base.uploads, and those of reading text alone.
MESSAGES = {
    **refusals.MESSAGES,
    "empty": gettext_noop("“%(name)s” is empty, so there is no text to read."),
    "xml_entities": gettext_noop("“%(name)s” was refused: its XML declares a DOCTYPE or entities, which real documents never do and attacks use to overload a site."),
}  # fmt: skip
OFFICE_READERS = {".odt": office.odt_chunks, ".pptx": office.pptx_chunks, ".xlsx": office.xlsx_chunks}
# A file whose text cannot be read, or that must not be stored; str(error) is a translated sentence naming the file.
ExtractionError = refusals.FileRefused


def _refusal(name: str, key: str, **values) -> ExtractionError:
    """The error for a refused file, translated now, naming the file so editors know which upload is at fault."""
    return refusals.refusal(name, MESSAGES[key], **values)


def extract_text(fileobj, filename: str) -> str:
    """Text of an upload in one of the formats uploads are checked for (base.uploads.sniffing.FORMATS), for the search
    index, "" for other kinds; raises ExtractionError on bad files."""
    extension = os.path.splitext(filename)[1].lower()
    if extension not in FORMATS:
        return ""
    name = os.path.basename(filename) or filename
    with sniffed(fileobj, name) as (stream, kind):
        if kind == "empty":
            raise _refusal(name, "empty")
        if extension == ".pdf":
            chunks = _pdf_chunks(stream, name, kind)
        elif extension in PLAIN:
            chunks = _plain_chunks(stream, name, kind, extension)
        else:
            chunks = _zip_chunks(stream, name, kind, extension)
        return normalise("\n\n".join(chunks))[:MAX_TEXT_CHARS].rstrip()


def normalise(text: str) -> str:
    """One space between words, one blank line between paragraphs, no control characters: clean for any database."""
    text = LINE_BREAKS.sub("\n", text)
    text = INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text.translate(LIGATURES))
    text = "\n".join(line.strip() for line in HORIZONTAL_SPACE.sub(" ", text).split("\n"))
    return BLANK_LINES.sub("\n\n", text).strip()


def _pdf_chunks(stream, name: str, kind: str) -> list[str]:
    """Text of each page, within the page and time budgets, of a PDF without scripts or actions (refused, as every
    upload with them is); pypdf failures of any kind become an ExtractionError."""
    # pypdf and python-docx load with the first document read: web workers that never extract skip them.
    from pypdf.errors import LimitReachedError

    reader = pdfs.open_pdf(stream, name, kind)
    pdfs.refuse_active_content(reader, name)

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
    """The decoded text of a CSV or TXT file (a CSV's cells laid out by rows), unless it is really a binary file, a
    web page or markup with scripts; only as much is read as the text budget can use."""
    limit = MAX_TEXT_CHARS * MAX_TEXT_BYTES_PER_CHAR
    data = stream.read(limit + 1)
    text = plain_text(data[:limit], name, kind, extension, complete=len(data) <= limit)
    return [plain.csv_text(text) if extension == ".csv" else text]


def _zip_chunks(stream, name: str, kind: str, extension: str) -> list[str]:
    """Text of a Word, OpenDocument, PowerPoint or Excel file, once the archive passed the zip-bomb checks and holds
    the format its name claims."""
    with archives.office_archive(stream, name, kind, extension) as archive:
        if extension == ".odt" and office.odt_encrypted(archive):
            raise _refusal(name, "password")
        if extension in OFFICE_READERS:
            try:
                return OFFICE_READERS[extension](archive, MAX_TEXT_CHARS, MAX_XML_ELEMENTS)
            except office.UnsafeXML as error:
                raise _refusal(name, "xml_entities") from error
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
