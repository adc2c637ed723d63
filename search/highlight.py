"""Highlighted extracts, for engines whose database cannot make them from stemmed text (SQLite).

The extract is the window of the text with the most query words; those words are wrapped
in <mark>. Everything else is escaped: a document's text is never trusted as HTML. Whatever
engine cut it, an extract shows a paragraph break (a heading above its text) as a dash, or
as a space after a sentence's end: "Contexte — Le Burkina Faso…", not "Contexte Le Burkina Faso…".
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import fold, stem_words

WORD = re.compile(r"\w+")
# A blank line between paragraphs (search.text.PARAGRAPH_BREAK), with the spaces and sentinels around it.
PARAGRAPH_BREAK = re.compile(r"(\x03?)[ \t]*\n[ \t]*\n\s*")
SENTENCE_END = ".!?…:;"
WINDOW = 30  # words in an extract, as ts_headline's MaxWords
BODY_SCANNED = 20_000  # characters of a body an extract is looked for in


def highlight(text, stems, language, window=WINDOW):
    """Safe HTML: an extract of `text` around the words whose stem is in `stems`, or "" if none matches."""
    if not text or not stems:
        return ""
    text = joined_paragraphs(text)
    spans = [(m.start(), m.end()) for m in WORD.finditer(text)]
    if not spans:
        return ""
    # Each distinct word is folded and stemmed once: a text repeats its words (a 3,000-word body has
    # a few hundred distinct ones), and folding every occurrence was a quarter of a search request.
    found = [text[start:end] for start, end in spans]
    distinct = list(set(found))
    stems_of = dict(zip(distinct, stem_words([fold(word) for word in distinct], language), strict=True))
    hits = [stems_of[word] in stems for word in found]
    if not any(hits):
        return ""
    best_start, best_count, count = 0, -1, 0
    for index, hit in enumerate(hits):  # sliding window with the most hits
        count += hit
        if index >= window:
            count -= hits[index - window]
        if count > best_count:
            best_count, best_start = count, max(0, index - window + 1)
    best_start = _centred(hits, best_start, window)
    last = min(len(spans), best_start + window) - 1
    parts, cursor = [], spans[best_start][0]
    for index in range(best_start, last + 1):
        start, end = spans[index]
        parts.append(escape(text[cursor:start]))
        word = escape(text[start:end])
        parts.append(f"<mark>{word}</mark>" if hits[index] else word)
        cursor = end
    prefix = "… " if best_start > 0 else ""
    suffix = " …" if last < len(spans) - 1 else ""
    return mark_safe(prefix + "".join(parts) + suffix)


def _centred(hits, start, window):
    """The window's start moved so that its marked words stand in its middle, with words read on both sides (the
    sliding window ends at its last hit: "… Contexte — Le Burkina …" said nothing of Burkina Faso)."""
    inside = [index for index in range(start, min(len(hits), start + window)) if hits[index]]
    slack = window - (inside[-1] - inside[0] + 1)
    return max(0, min(inside[0] - slack // 2, len(hits) - window))


def marked(text_with_sentinels, start="\x02", stop="\x03"):
    """Safe HTML from an engine's extract whose highlights are delimited by sentinel characters."""
    escaped = escape(joined_paragraphs(text_with_sentinels))
    return mark_safe(escaped.replace(start, "<mark>").replace(stop, "</mark>"))


def joined_paragraphs(text):
    """`text` on one line: a paragraph break becomes " — ", or a space after the end of a sentence."""

    def join(match):
        start = match.start()
        end = text[start - 1] if start else ""
        return match.group(1) + (" " if not end or end in SENTENCE_END else " — ")

    return PARAGRAPH_BREAK.sub(join, text)
