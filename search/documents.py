"""What a page looks like to search: the fields, texts and facet values of its SearchDocument.

The part every page shares is built here; what a page type adds (its kind, facets and
texts) is described by its own app, registered in search.registry.
"""

from dataclasses import dataclass, field

from django.db.models import Min, prefetch_related_objects
from django.utils import translation
from wagtail import blocks
from wagtail.models import Page

from base.mixins import prefetch_taxonomy
from taxonomy.labels import label

from . import registry
from .text import fold, paragraphs, rich_text_paragraphs

MAX_BODY = 200_000  # characters of body text indexed per document (a long report is cut, not refused)
RESTRICTION = "restriction"  # the facet of a restricted document's view restrictions (never counted nor shown)
CONTROL = {code: " " for code in [*range(0, 9), 11, 12, *range(14, 32), 127]}


@dataclass
class Document:
    source: str
    group: str
    language: str
    kind: str
    title: str
    url: str
    page_id: int | None = None
    original_language: str = ""
    key: str = ""
    summary: str = ""
    keywords: str = ""
    body: str = ""
    date: object = None
    year_start: int | None = None
    year_end: int | None = None
    facets: set = field(default_factory=set)  # {(name, value)}
    restrictions: set = field(default_factory=set)  # ids of the view restrictions a reader must pass

    def all_facets(self):
        """Its facets, and one `restriction` value per view restriction (what the engines filter readers by)."""
        return self.facets | {(RESTRICTION, str(pk)) for pk in self.restrictions}

    def fields(self):
        return {
            "page_id": self.page_id,
            "group": self.group,
            "language": self.language,
            "original_language": self.original_language or self.language,
            "key": self.key,
            "kind": self.kind,
            "title": _plain(self.title)[:255],
            "title_folded": fold(self.title)[:255],
            "summary": _plain(self.summary),
            "keywords": _plain(self.keywords),
            "body": _plain(self.body)[:MAX_BODY],
            "url": self.url[:500],
            "date": self.date,
            "year_start": self.year_start,
            "year_end": self.year_end,
            "restricted": bool(self.restrictions),
        }


def _plain(text):
    return (text or "").translate(CONTROL)


def page_source(page_id):
    return f"page:{page_id}"


def place_source(language, slug):
    return f"place:{language}:{slug}"


def original_languages(pages):
    """{translation key: language of the first live version} for the groups of `pages`, in one query."""
    keys = {page.translation_key for page in pages}
    firsts = (
        Page.objects.filter(translation_key__in=keys)
        .live()
        .order_by()
        .values("translation_key")
        .annotate(first=Min("pk"))
    )
    first_ids = {row["first"]: row["translation_key"] for row in firsts}
    rows = Page.objects.filter(pk__in=first_ids).values_list("pk", "locale__language_code")
    return {first_ids[pk]: language for pk, language in rows}


def build(page, originals, describe):
    """The Document of a live, public, specific page, completed by its page type's `describe`."""
    language = page.locale.language_code
    with translation.override(language):
        document = Document(
            source=page_source(page.pk),
            group=str(page.translation_key),
            language=language,
            original_language=originals.get(page.translation_key, language),
            kind="page",
            title=page.title,
            url=page.get_url() or page.url_path,
            page_id=page.pk,
            key=getattr(page, "key", ""),
            summary=getattr(page, "summary", "") or page.introduction,
            date=page.first_published_at,
        )
        describe(page, document)
    return document


def stream_text(page, name="body"):
    """The searchable text of a StreamField of `page`: each heading, paragraph, list item, caption… a paragraph."""
    field = type(page)._meta.get_field(name)
    return paragraphs(block_texts(field.stream_block, getattr(page, name)))


# Blocks made of blocks, whose Wagtail `get_searchable_content` runs their children's texts together.
_WALKED = {
    blocks.StreamBlock: blocks.StreamBlock.get_searchable_content,
    blocks.StructBlock: blocks.StructBlock.get_searchable_content,
    blocks.ListBlock: blocks.ListBlock.get_searchable_content,
}


def block_texts(block, value):
    """The texts of a block's value, one a paragraph. A block of blocks is walked, unless its class says its own
    searchable content (base.blocks.HeadingBlock: its text, not its level); rich text gives one text a paragraph."""
    if not getattr(block, "search_index", True):  # a chooser block has no such attribute: Wagtail asks it for []
        return []
    if isinstance(block, blocks.RichTextBlock):
        return rich_text_paragraphs(str(value.source if hasattr(value, "source") else value or ""))
    for kind, own in _WALKED.items():
        if isinstance(block, kind) and type(block).get_searchable_content is own:
            return [text for child, child_value in _children(block, value) for text in block_texts(child, child_value)]
    return block.get_searchable_content(value)


def _children(block, value):
    if isinstance(block, blocks.StreamBlock):
        return [(child.block, child.value) for child in value]
    if isinstance(block, blocks.StructBlock):
        return [(child, value.get(name, child.get_default())) for name, child in block.child_blocks.items()]
    return [(block.child_block, item) for item in value]


def describe_taxonomy(page, document):
    """Facets and labels of a page's countries, regions, themes and target groups."""
    taxonomy = page.taxonomy
    labels = []
    for country in taxonomy["countries"]:
        labels += describe_country(document, country)
    for theme in taxonomy["themes"]:
        document.facets.add(("theme", theme.slug))
        if theme.is_gender_equality:
            document.facets.add(("gender", "1"))
        labels.append(label(theme))
    for group in taxonomy["target_groups"]:
        document.facets.add(("target_group", group.slug))
        labels.append(label(group))
    return labels


def describe_country(document, country):
    """Facets of a country and its region; their labels."""
    document.facets |= {("country", country.slug), ("region", country.region.slug)}
    return [label(country), label(country.region)]


def prefetch(pages):
    """Read what the page types' `describe` needs for many pages at once: a few queries a page type, not a few a page."""
    by_type = {}
    for page in pages:
        by_type.setdefault(type(page), []).append(page)
    for model, same_type in by_type.items():
        entry = registry.contribution(model)
        if entry is None or entry.describe is None:
            continue
        if hasattr(model, "taxonomy_relations"):
            prefetch_taxonomy(same_type)
        prefetch_related_objects(same_type, *entry.prefetch)
