"""CSV and TXT files: decoded without knowing their encoding, and refused when they are really a binary file, a web
page, or markup that can run a script."""

import codecs
import re

from .refusals import MESSAGES, mislabelled, refusal
from .sniffing import FORMATS, sniff

# A CSV or TXT file that starts like one of these is refused whatever its bytes decode to.
BINARY_KINDS = {"zip", "ole", "image", "program"}
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than tab, newline, vertical tab, form feed and carriage return, and DEL: text has few or none.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# In a text that is XML, what a browser would run or render as a page: scripts, frames, SVG, XHTML and XSLT (event
# handlers run only in XHTML and SVG, whose namespaces are refused).
ACTIVE_MARKUP = re.compile(
    r"<\s*(script|svg|iframe|object|embed|foreignobject)\b|<\?xml-stylesheet|javascript:|"
    r"xmlns(:\w+)?\s*=\s*[\"']http://www\.w3\.org/(1999/xhtml|2000/svg|1999/XSL/Transform)",
    re.IGNORECASE,
)


def plain_text(data: bytes, name: str, kind: str, extension: str, complete: bool = True) -> str:
    """The decoded text of a CSV or TXT file, unless it is really a binary file, a PDF, a web page or markup with
    scripts; `kind` is what its first bytes are (sniffing.sniff), `complete` false when `data` is only its start."""
    expected = FORMATS[extension]
    if kind in BINARY_KINDS or (kind == "pdf" and data.startswith(b"%PDF-")):
        raise mislabelled(name, expected, kind)
    text = decode(data, complete=complete)
    if is_binary(text):
        raise refusal(name, MESSAGES["unrecognised"], expected=expected)
    markup = sniff(text[:1024].encode())  # sniffed once decoded, so that UTF-16 pages are caught as well
    if markup == "html" or (markup == "xml" and ACTIVE_MARKUP.search(text)):
        raise mislabelled(name, expected, markup)
    return text


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
