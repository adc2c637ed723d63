"""A CSV file's cells laid out for search; decoding CSV and TXT files, and refusing those that are something else, is
base.uploads.plain.

Used by ``resources.extraction``.
"""

import csv
import io

DELIMITERS = ",;\t|"


def csv_text(text: str) -> str:
    """A line per row, non-empty cells separated by tabs; the delimiter is the commonest of , ; tab | in line one."""
    first_line = text[:65536].partition("\n")[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return "\n".join("\t".join(cell for cell in (" ".join(c.split()) for c in row) if cell) for row in rows)
    except csv.Error:  # a field over the csv module's size limit, say: the text is still worth searching
        return text
