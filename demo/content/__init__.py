"""Demo content in the exchange format of DESIGN §6: fictional partners, practices and resources.

RECORDS: the records (translations follow their French source, same `key`).
DOCUMENT_TEXTS: for each resource key with a file, the text of its generated PDF
({"title", "subtitle", "paragraphs"}; a paragraph starting with "## " is a heading).
"""

import json
from pathlib import Path

_HERE = Path(__file__).resolve().parent

RECORDS: list[dict] = json.loads((_HERE / "records.json").read_text(encoding="utf-8"))
DOCUMENT_TEXTS: dict[str, dict] = json.loads((_HERE / "documents.json").read_text(encoding="utf-8"))

__all__ = ["DOCUMENT_TEXTS", "RECORDS"]
