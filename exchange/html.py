"""The exchange format's `body`: a safe HTML subset, to and from the pages' StreamField.

Allowed: h2, h3, p, ul, ol, li, strong, em, a (http, https, mailto), blockquote. Anything
else is dropped (its text kept, except inside script/style). A body whose h2 titles name
sections of the page type (a practice's context, approach…, given by the caller) becomes
section blocks.
"""

from html import escape, unescape
from html.parser import HTMLParser

from django.utils.html import escape as escape_html
from django.utils.html import strip_tags
from django.utils.translation import override
from wagtail.rich_text import expand_db_html

ALLOWED = {"h2", "h3", "p", "ul", "ol", "li", "strong", "em", "a", "blockquote", "b", "i", "br"}
TO_STORAGE = {"strong": "b", "em": "i"}  # Wagtail's rich-text storage format
TO_EXCHANGE = {"b": "strong", "i": "em"}  # the exchange format's words for the same
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "noscript"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _Sanitiser(HTMLParser):
    def __init__(self, renamed):
        super().__init__(convert_charrefs=True)
        self.renamed = renamed
        self.out = []
        self.skipping = 0
        self.open = []

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            self.skipping += 1
            return
        if self.skipping or tag not in ALLOWED:
            return
        if tag == "br":
            self.out.append("<br/>")
            return
        name = self.renamed.get(tag, tag)
        if tag == "a":
            href = dict(attrs).get("href", "") or ""
            if not href.strip().lower().startswith(SAFE_SCHEMES):
                self.open.append(None)
                return
            self.out.append(f'<a href="{escape(href.strip(), quote=True)}">')
        else:
            self.out.append(f"<{name}>")
        self.open.append(name)

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping or tag not in ALLOWED or tag == "br":
            return
        name = self.renamed.get(tag, tag)
        # Close what was opened, in order, even when the input nests badly.
        while self.open:
            opened = self.open.pop()
            if opened is not None:
                self.out.append(f"</{opened}>")
            if opened == name or (opened is None and tag == "a"):
                break

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(escape(data, quote=False))

    def close(self):
        super().close()
        while self.open:
            opened = self.open.pop()
            if opened is not None:
                self.out.append(f"</{opened}>")
        return "".join(self.out)


def sanitise(html, renamed=TO_STORAGE):
    """Only the allowed tags and safe links remain; `renamed` maps tag names (storage or exchange words)."""
    parser = _Sanitiser(renamed)
    parser.feed(html or "")
    return parser.close()


class _Splitter(HTMLParser):
    """Top-level chunks of sanitised HTML: (tag, inner or outer html)."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.chunks, self.depth, self.current, self.tag = [], 0, [], None

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text()
        if self.depth == 0:
            self.tag, self.current = tag, []
        self.current.append(text)
        if tag != "br":
            self.depth += 1

    def handle_endtag(self, tag):
        self.current.append(f"</{tag}>")
        self.depth -= 1
        if self.depth == 0:
            self.chunks.append((self.tag, "".join(self.current)))

    def handle_data(self, data):
        if self.depth:
            self.current.append(data)
        elif data.strip():
            self.chunks.append(("p", f"<p>{data.strip()}</p>"))

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")


def _inner(html, tag):
    return html[html.index(">") + 1 : html.rindex(f"</{tag}>")]


def _text(html):
    """The plain text of sanitised HTML, for blocks that hold text, not HTML (headings, quotes): tags
    dropped and entities decoded, so that the template escapes it once ("&amp;" was shown as "&amp;amp;")."""
    return unescape(strip_tags(html))


def html_to_stream(html, section_names=None):
    """StreamField data (a list of (block type, value)) for exchange-format HTML.

    `section_names`: {lower-case h2 title: section value}; such an h2 starts a section block.
    """
    splitter = _Splitter()
    splitter.feed(sanitise(html))
    splitter.close()
    section_names = section_names or {}
    blocks, section, rich = [], None, []

    def flush():
        nonlocal section, rich
        text = "".join(rich)
        if section is not None:
            blocks.append(("section", {"section": section, "text": text}))
        elif text:
            blocks.append(("paragraph", text))
        section, rich = None, []

    for tag, chunk in splitter.chunks:
        if tag == "h2":
            flush()
            title = _text(_inner(chunk, "h2"))
            if title.strip().lower() in section_names:
                section = section_names[title.strip().lower()]
            else:
                blocks.append(("heading", {"text": title, "level": "h2"}))
        elif tag == "h3" and section is None:
            flush()
            blocks.append(("heading", {"text": _text(_inner(chunk, "h3")), "level": "h3"}))
        elif tag == "blockquote" and section is None:
            flush()
            blocks.append(("quote", _quote(_inner(chunk, "blockquote"))))
        else:
            rich.append(chunk)
    flush()
    return blocks


def _quote(inner):
    """A quote block from a blockquote's paragraphs; a last paragraph starting with "—" is the attribution."""
    paragraphs = [_text(p).strip() for p in sanitise(inner).replace("</p>", "\n").replace("<p>", "").split("\n")]
    paragraphs = [p for p in paragraphs if p]
    attribution = ""
    if len(paragraphs) > 1 and paragraphs[-1].startswith("—"):
        attribution = paragraphs.pop().lstrip("— ").strip()
    return {"quote": "\n".join(paragraphs), "attribution": attribution}


def body_html(stream, language):
    """A StreamField as exchange-format HTML; section titles in `language`. Blocks without text are left out."""
    parts = []
    with override(language):
        for block in stream:
            value = block.value
            if block.block_type == "heading":
                level = value.get("level", "h2")
                parts.append(f"<{level}>{escape_html(value['text'])}</{level}>")
            elif block.block_type == "section":
                parts.append(
                    f"<h2>{escape_html(str(value.section_label()))}</h2>{expand_db_html(value['text'].source)}"
                )
            elif block.block_type == "paragraph":
                parts.append(expand_db_html(value.source))
            elif block.block_type == "quote":
                quote = "".join(f"<p>{escape_html(line)}</p>" for line in value["quote"].splitlines() if line.strip())
                attribution = f"<p>— {escape_html(value['attribution'])}</p>" if value.get("attribution") else ""
                parts.append(f"<blockquote>{quote}{attribution}</blockquote>")
    return sanitise("".join(parts), renamed=TO_EXCHANGE)
