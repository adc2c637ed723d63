"""Text of CSV and TXT files: decoding without knowing the encoding, and a CSV's cells laid out for search.

Used by ``resources.extraction``, which decides what to refuse and says so to editors.
"""

import codecs
import csv
import io
import re

BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than tab, newline, vertical tab, form feed and carriage return, and DEL: text has few or none.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
DELIMITERS = ",;\t|"


def decode(data: bytes, complete: bool = True) -> str:
    """UTF-8 with or without a BOM, UTF-16 with a BOM, else Windows-1252, else Latin-1 (which decodes anything).

    `complete` is false when `data` is the start of a longer file: a character cut at the end is then left out.
    """
    for mark, codec in BYTE_ORDER_MARKS:
        if data.startswith(mark):  # the file says its encoding: a stray bad byte is replaced, not a reason to guess
            return _decode(data[len(mark) :], codec, complete, "replace")
    try:
        return _decode(data, "utf-8", complete, "strict")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return data.decode("latin-1")


def _decode(data: bytes, codec: str, complete: bool, errors: str) -> str:
    return codecs.getincrementaldecoder(codec)(errors).decode(data, final=complete)


def is_binary(text: str) -> bool:
    """Whether decoded "text" is really binary data: a NUL, or more than one control character in a hundred."""
    return "\x00" in text or len(CONTROL.findall(text)) * 100 > len(text)


def csv_text(text: str) -> str:
    """A line per row, non-empty cells separated by tabs; the delimiter is the commonest of , ; tab | in line one."""
    first_line = text[:65536].partition("\n")[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return "\n".join("\t".join(cell for cell in (" ".join(c.split()) for c in row) if cell) for row in rows)
    except csv.Error:  # a field over the csv module's size limit, say: the text is still worth searching
        return text
