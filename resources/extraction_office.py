"""Text of OpenDocument text, PowerPoint and Excel files: their XML parts read with expat, as a stream, within budgets.

Used by ``resources.extraction``, once base.uploads.archives found the archive free of zip bombs and of the format its
name claims; failures become the messages editors read. No part may declare a DOCTYPE or entities: real Office files
never do, and expanding them is an attack.
"""

import contextlib
import re
from xml.parsers import expat

from base.uploads.archives import HEADER_BYTES

CHUNK_BYTES = 64 * 1024
SLIDES = re.compile(r"ppt/slides/slide(\d+)\.xml")
SHEETS = re.compile(r"xl/worksheets/sheet(\d+)\.xml")
SHARED_STRINGS = "xl/sharedStrings.xml"
# In OpenDocument, any run of spaces, tabs and newlines in the XML is one space; text:s, text:tab and so on are kept.
ODF_SPACE = re.compile(r"[ \t\r\n]+")


class UnsafeXML(Exception):
    """An XML part declaring a DOCTYPE or entities: refused, never expanded ("billion laughs")."""


class _Full(Exception):
    """The text or element budget is spent: the rest of the document is not read."""


def odt_encrypted(archive) -> bool:
    """Whether an OpenDocument file is protected by a password: its manifest then describes the encryption."""
    if "META-INF/manifest.xml" not in archive.namelist():
        return False
    with archive.open("META-INF/manifest.xml") as member:
        return b"encryption-data" in member.read(HEADER_BYTES)


def odt_chunks(archive, budget: int, max_elements: int) -> list[str]:
    """Paragraphs and headings of content.xml, in document order, one chunk per paragraph."""
    return _read(archive, ["content.xml"], _OdtText(budget, max_elements))


def pptx_chunks(archive, budget: int, max_elements: int) -> list[str]:
    """One chunk per slide, in slide order, one paragraph per DrawingML paragraph (a:p); speaker notes left out."""
    return _read(archive, _numbered(archive, SLIDES), _SlideText(budget, max_elements))


def xlsx_chunks(archive, budget: int, max_elements: int) -> list[str]:
    """One chunk per worksheet: a line per row, its cells' values (shared or inline strings, numbers) tab-separated."""
    strings = _SharedStrings(budget, max_elements)
    if SHARED_STRINGS in archive.namelist():
        _read(archive, [SHARED_STRINGS], strings)
    return _read(archive, _numbered(archive, SHEETS), _SheetText(strings.strings, budget, max_elements))


def _numbered(archive, pattern) -> list[str]:
    """Members named like `pattern` (slide3.xml), in the order of their number, not of their name (slide10 last)."""
    found = [(int(match.group(1)), name) for name in archive.namelist() if (match := pattern.fullmatch(name))]
    return [name for _, name in sorted(found)]


def _read(archive, members, reader) -> list[str]:
    """The chunks `reader` makes of each member in turn, until the members or the budget run out."""
    chunks = []
    try:
        for name in members:
            with archive.open(name) as member:
                reader.feed(member)
            chunks.append(reader.take())
    except _Full:
        chunks.append(reader.take())
    return chunks


def _refuse(*args):
    raise UnsafeXML("DOCTYPE or entity declaration")


class _Reader:
    """Turns expat's events into lines of text; subclasses say which elements hold text and where lines end."""

    skip = frozenset()  # local names of elements whose whole content is left out
    separator = "\n\n"  # between the lines of one member in its chunk

    def __init__(self, budget: int, max_elements: int):
        self.lines, self.buffer = [], []
        self.budget, self.elements_left, self.skipped = budget, max_elements, 0

    def feed(self, member) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _refuse
        parser.StartElementHandler, parser.EndElementHandler = self._start, self._end
        parser.CharacterDataHandler = self._characters
        while chunk := member.read(CHUNK_BYTES):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def take(self) -> str:
        """The lines read so far, as one chunk; the reader starts afresh for the next member."""
        with contextlib.suppress(_Full):  # the budget is checked when lines end, not when the reading stops
            self.flush()
        chunk, self.lines = self.separator.join(self.lines), []
        return chunk

    def flush(self) -> None:
        """End the line being read: one holding text is kept, and counted against the budget."""
        line = "".join(self.buffer)
        self.buffer.clear()
        if line.strip():
            self.lines.append(line)
            self.budget -= len(line) + len(self.separator)
            if self.budget < 0:
                raise _Full

    def _start(self, name, attributes):
        self.elements_left -= 1
        if self.elements_left < 0:  # a part of millions of empty elements costs time even without text
            raise _Full
        local = name.rpartition(" ")[2]
        if self.skipped or local in self.skip:
            self.skipped += 1
        else:
            self.open(local, attributes)

    def _end(self, name):
        if self.skipped:
            self.skipped -= 1
        else:
            self.close(name.rpartition(" ")[2])

    def _characters(self, data):
        if not self.skipped:
            self.characters(data)

    def open(self, local, attributes): ...

    def close(self, local): ...

    def characters(self, data): ...


class _OdtText(_Reader):
    # Deleted text kept for change tracking, comments, and footnote numbers glued to the word they follow.
    skip = frozenset({"tracked-changes", "annotation", "note-citation"})
    inline = {"s": " ", "tab": "\t", "line-break": "\n"}

    def __init__(self, *args):
        super().__init__(*args)
        self.depth = 0  # paragraphs hold notes and frames that hold paragraphs

    def open(self, local, attributes):
        if local in ("p", "h"):
            self.flush()
            self.depth += 1
        elif self.depth and local in self.inline:
            self.buffer.append(self.inline[local])

    def close(self, local):
        if local in ("p", "h"):
            self.flush()
            self.depth -= 1

    def characters(self, data):
        if self.depth:
            self.buffer.append(ODF_SPACE.sub(" ", data))


class _SlideText(_Reader):
    skip = frozenset({"Fallback"})  # markup compatibility repeats a shape's content for older readers
    in_run = False

    def open(self, local, attributes):
        if local == "p":
            self.flush()
        elif local == "t":
            self.in_run = True
        elif local == "br":
            self.buffer.append("\n")

    def close(self, local):
        if local == "t":
            self.in_run = False
        elif local == "p":
            self.flush()

    def characters(self, data):
        if self.in_run:
            self.buffer.append(data)


class _SharedStrings(_Reader):
    """The workbook's table of strings, which cells name by their index; kept within the text budget."""

    skip = frozenset({"rPh"})  # phonetic guides repeat a string in kana
    in_text = False

    def __init__(self, *args):
        super().__init__(*args)
        self.strings = []

    def open(self, local, attributes):
        if local == "t":
            self.in_text = True

    def close(self, local):
        if local == "t":
            self.in_text = False
        elif local == "si":
            self.strings.append(" ".join("".join(self.buffer).split()))
            self.buffer.clear()
            self.budget -= len(self.strings[-1]) + 1  # an empty string still takes a place in the table
            if self.budget < 0:
                raise _Full

    def characters(self, data):
        if self.in_text:
            self.buffer.append(data)


class _SheetText(_Reader):
    separator = "\n"
    skip = frozenset({"f", "rPh"})  # formulas: their value is read, not their source
    collecting = False

    def __init__(self, strings, *args):
        super().__init__(*args)
        self.strings, self.cells, self.value, self.type = strings, [], [], "n"

    def open(self, local, attributes):
        if local == "row":
            self.cells = []
        elif local == "c":
            self.type, self.value = attributes.get("t", "n"), []
        elif local in ("v", "t"):  # a value, or the text of an inline string
            self.collecting = True

    def close(self, local):
        if local in ("v", "t"):
            self.collecting = False
        elif local == "c":
            if cell := " ".join(self._value().split()):
                self.cells.append(cell)
        elif local == "row":
            self.buffer.append("\t".join(self.cells))
            self.flush()

    def characters(self, data):
        if self.collecting:
            self.value.append(data)

    def _value(self) -> str:
        value = "".join(self.value)
        if self.type == "s":
            index = int(value) if value.strip().isdigit() else -1
            return self.strings[index] if 0 <= index < len(self.strings) else ""
        return "" if self.type in ("b", "e") else value  # TRUE/FALSE as 1/0 and #N/A say nothing to a reader
