"""A resource as an exchange record (DESIGN §6): fields, checks, import and export."""

from base.facets import year_bounds
from exchange import registry
from exchange.records import codes
from exchange.validation import DOCUMENT_TYPES

from .extraction import ExtractionError, extract_text
from .fields import LANGUAGE_CODES
from .models import ResourceIndexPage, ResourcePage

FIELDS = {"kind", "file", "url", "languages", "publisher", "year", "licence", "themes", "countries", "target_groups"}


def _limit(name):
    return ResourcePage._meta.get_field(name).max_length


def check(checker):
    """A resource is a file or a link; a file must give up its text (what search finds inside it)."""
    checker.web_address("url")
    path = checker.file_path("file")
    if path is not None:
        try:
            with open(path, "rb") as handle:
                extract_text(handle, path.name)
        except ExtractionError as error:
            checker.fail("file", str(error))
    if not checker.data.get("file") and not checker.data.get("url"):
        checker.fail("file", "a resource needs a file or a url")


def apply(page, record, context):
    """Set a resource's fields from a validated record; returns its many-to-many relations."""
    page.kind = record.get("kind") or page.kind
    page.link = record.get("url") or ""
    page.document = context.document(record["file"], record["title"]) if record.get("file") else None
    page.languages = record.get("languages", [])
    page.publisher = record.get("publisher") or ""
    page.year = record.get("year")
    page.licence = record.get("licence") or ""
    return context.taxonomy(record)


def to_record(page, files):
    return {
        "kind": page.kind,
        "file": files.document(page.document, page.key) if page.document else None,
        "url": page.link or None,
        "languages": list(page.languages),
        "publisher": page.publisher or None,
        "year": page.year,
        "licence": page.licence or None,
        "themes": codes(page.themes.all(), "slug"),
        "countries": codes(page.countries.all(), "iso_code"),
        "target_groups": codes(page.target_groups.all(), "slug"),
    }


registry.register(
    registry.RecordType(
        name="resource",
        plural="resources",
        model=ResourcePage,
        parent=ResourceIndexPage,
        fields=frozenset(FIELDS),
        to_record=to_record,
        apply=apply,
        texts={name: _limit(name) for name in ("summary", "publisher", "licence")} | {"url": _limit("link")},
        terms={
            "countries": "countries",
            "themes": "themes",
            "target_groups": "target_groups",
            "languages": LANGUAGE_CODES,
        },
        choices={"kind": {value for value, _label in ResourcePage._meta.get_field("kind").choices}},
        years={"year": year_bounds(ResourcePage._meta.get_field("year"))},
        files={"file": DOCUMENT_TYPES},
        check=check,
        export_related=("themes", "countries", "target_groups", "document"),
    )
)
