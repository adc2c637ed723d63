"""What an uploaded file really is, from its first bytes, whatever its name claims."""

import contextlib
import io

from .refusals import MESSAGES, refusal

# The formats checked (and whose text resources reads), by extension, and the name each goes by in messages (the same
# in every language). They are WAGTAILDOCS_EXTENSIONS.
FORMATS = {
    ".pdf": "PDF",
    ".docx": "Word (.docx)",
    ".odt": "OpenDocument (.odt)",
    ".pptx": "PowerPoint (.pptx)",
    ".xlsx": "Excel (.xlsx)",
    ".csv": "CSV",
    ".txt": "TXT",
}
PLAIN = {".csv", ".txt"}
HEAD_BYTES = 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8")
# Linux's ELF; macOS's Mach-O, 32 and 64 bits, either byte order, and universal binaries (Java classes share that
# start, programs too); a script with a "#!" line, which runs when it is made executable.
PROGRAM_MAGIC = (
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)


def sniff(head: bytes) -> str:
    """What the first bytes say the file really is: "empty", "zip", "ole", "image", "program", "pdf", "html", "xml"
    or "unknown" (which plain text is)."""
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(IMAGE_MAGIC) or (head.startswith(b"RIFF") and head[8:12] == b"WEBP"):
        return "image"
    # A Windows program's DOS header holds NUL bytes, which no text starting with "MZ" does.
    if (head.startswith(b"MZ") and b"\x00" in head[2:64]) or head.startswith(PROGRAM_MAGIC):
        return "program"
    if b"%PDF-" in head:  # readers accept a little junk before the header, so pypdf is given the same chance
        return "pdf"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not start.startswith(b"<"):  # a text that mentions <html> further on is still a text
        return "unknown"
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in start[:512]:
        return "html"
    return "xml"


@contextlib.contextmanager
def sniffed(fileobj, name: str):
    """(stream, kind): the file read from its start, and what it really is; afterwards it is put back where it was.

    `fileobj` may be a Django File or FieldFile closed after saving (it is reopened, then closed again), or a pipe or
    socket that cannot be read twice (it is then read whole, once)."""
    reopened = getattr(fileobj, "closed", False) and hasattr(fileobj, "open")
    if reopened:
        try:
            fileobj.open("rb")
        except Exception as error:
            raise refusal(name, MESSAGES["unopenable"]) from error
    closable = fileobj
    try:
        position = fileobj.tell()
        fileobj.seek(0)
    except Exception:
        position, fileobj = None, io.BytesIO(fileobj.read())
    try:
        head = fileobj.read(HEAD_BYTES)
        fileobj.seek(0)
        yield fileobj, sniff(head)
    finally:
        if position is not None:
            with contextlib.suppress(Exception):
                fileobj.seek(position)
        if reopened:
            closable.close()
