"""What a page looks like to search: the fields, texts and facet values of its SearchDocument.

One builder per kind of page; country and region pages, which are routes of the places
index rather than pages, get one document per place per language.
"""

from dataclasses import dataclass, field

from django.db.models import Min, prefetch_related_objects
from django.utils import translation
from django.utils.translation import gettext

from home.mixins import prefetch_taxonomy
from taxonomy.labels import default_terms, label

from .text import fold

MAX_BODY = 200_000  # characters of body text indexed per document (a long report is cut, not refused)
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
        }


def _plain(text):
    return (text or "").translate(CONTROL)


def page_source(page_id):
    return f"page:{page_id}"


def place_source(language, slug):
    return f"place:{language}:{slug}"


def original_languages(pages):
    """{translation key: language of the first live version} for the groups of `pages`, in one query."""
    from wagtail.models import Page

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


def build(page, originals):
    """The Document of a live, public, specific page, or None for a kind of page search does not show."""
    builder = BUILDERS.get(type(page)._meta.label)
    if builder is None:
        return None
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
        builder(page, document)
    return document


def _stream_text(page, name="body"):
    value = getattr(page, name)
    return " ".join(type(page)._meta.get_field(name).get_searchable_content(value))


def _taxonomy(page, document):
    """Facets and labels of a page's countries, regions, themes and target groups."""
    taxonomy = page.taxonomy
    labels = []
    for country in taxonomy["countries"]:
        labels += _country(document, country)
    for theme in taxonomy["themes"]:
        document.facets.add(("theme", theme.slug))
        if theme.is_gender_equality:
            document.facets.add(("gender", "1"))
        labels.append(label(theme))
    for group in taxonomy["target_groups"]:
        document.facets.add(("target_group", group.slug))
        labels.append(label(group))
    return labels


def _country(document, country):
    """Facets of a country and its region; their labels."""
    document.facets |= {("country", country.slug), ("region", country.region.slug)}
    return [label(country), label(country.region)]


def _practice(page, document):
    labels = _taxonomy(page, document)
    document.kind = page.kind
    document.facets |= {("kind", page.kind), ("gender_marker", str(page.gender_marker))}
    document.facets |= {("partner", partner.key) for partner in page.partners.all() if partner.key}
    document.keywords = " ".join([*(tag.name for tag in page.tags.all()), *dict.fromkeys(labels)])
    document.body = _stream_text(page)
    document.year_start = page.start_year or page.end_year
    document.year_end = page.end_year


def _resource(page, document):
    labels = _taxonomy(page, document)
    document.kind = page.kind
    document.facets.add(("kind", page.kind))
    document.keywords = " ".join([page.publisher, *dict.fromkeys(labels)])
    document.body = page.extracted_text
    document.year_start = document.year_end = page.year


def _partner(page, document):
    document.kind = "partner"
    document.facets.add(("kind", "partner"))
    labels = [page.city]
    if page.country_id:
        labels += _country(document, page.country)
    for theme in page.themes.all():
        document.facets.add(("theme", theme.slug))
        labels.append(label(theme))
    document.keywords = " ".join(labels)
    document.body = _stream_text(page)


def _standard(page, document):
    document.facets.add(("kind", "page"))
    document.body = _stream_text(page)


def prefetch(pages):
    """Read what the builders need for many pages at once: a few queries a page type, not a few a page."""
    by_type = {}
    for page in pages:
        by_type.setdefault(type(page), []).append(page)
    for model, same_type in by_type.items():
        if hasattr(model, "taxonomy_relations"):
            prefetch_taxonomy(same_type)
        prefetch_related_objects(same_type, *PREFETCH.get(model._meta.label, ()))


PREFETCH = {"practices.PracticePage": ("partners", "tags"), "partners.PartnerPage": ("themes",)}

BUILDERS = {
    "practices.PracticePage": _practice,
    "resources.ResourcePage": _resource,
    "partners.PartnerPage": _partner,
    "home.StandardPage": _standard,
}


def place_documents(index_page):
    """A Document for every region and country page of a live places index, in its language."""
    regions, countries, _themes = default_terms()
    language = index_page.locale.language_code
    base_url = index_page.get_url() or index_page.url_path
    documents = []
    with translation.override(language):
        for slug, region in regions.items():
            names = [label(c) for c in countries.values() if c.region_id == region.pk]
            documents.append(_place(index_page, language, base_url, slug, "region", label(region), ", ".join(names)))
            documents[-1].facets.add(("region", slug))
        for slug, country in countries.items():
            summary = gettext("Country of the programme in %(region)s") % {"region": label(country.region)}
            documents.append(_place(index_page, language, base_url, slug, "country", label(country), summary))
            documents[-1].facets |= {("region", country.region.slug), ("country", slug)}
            documents[-1].keywords = f"{country.iso_code} {label(country.region)}"
    return documents


def _place(index_page, language, base_url, slug, kind, title, summary):
    return Document(
        source=place_source(language, slug),
        group=f"place:{slug}",
        language=language,
        original_language=language,
        kind=kind,
        title=title,
        url=f"{base_url}{slug}/",
        page_id=index_page.pk,
        key=slug,
        summary=summary,
        date=index_page.first_published_at,
        facets={("kind", kind)},
    )
