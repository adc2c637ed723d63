"""A practice as an exchange record (DESIGN §6) and as open data: fields, checks, import and export."""

from functools import lru_cache

from django.conf import settings
from django.utils.translation import override

from base.facets import year_bounds
from base.visibility import is_public
from exchange import registry
from exchange.html import body_html, html_to_stream
from exchange.records import NoFiles, codes, keys, page_record
from exchange.validation import IMAGE_TYPES, MAX_BODY
from taxonomy.models import SDGTarget

from .blocks import SECTIONS
from .models import PracticeIndexPage, PracticePage
from .safeguarding import safeguarding_gaps

FIELDS = {
    "body", "kind", "countries", "themes", "target_groups", "gender_marker", "participation", "evidence",
    "sdg_targets", "partners", "start_year", "end_year", "status", "tags", "image", "image_alt",
    "safeguarding", "related_resources", "funding_source",
}  # fmt: skip
# The safeguarding rule is the model's (safeguarding_gaps); this is how the importer words each gap.
SAFEGUARDING_WORDING = {
    "safeguarding_anonymised": "anonymised must be true to publish (stories and quotes anonymised)",
    "safeguarding_identifiable_children": 'identifiable_children ("yes" or "no") is required with an image',
    "safeguarding_consent": "children can be recognised in the image: consent must be true to publish",
}
# Other words writers use for the sections, beside the translated section names.
SECTION_ALIASES = {
    "méthodologie": "approach", "démarche": "approach", "metodología": "approach", "enfoque": "approach",
    "methodology": "approach", "lessons": "lessons", "leçons": "lessons", "lecciones": "lessons",
    "retos": "challenges", "difficultés": "challenges", "desafíos": "challenges", "resultados": "results",
}  # fmt: skip
CSV_COLUMNS = [
    "key", "locale", "title", "summary", "kind", "countries", "regions", "themes", "target_groups", "gender_marker",
    "participation", "evidence", "sdg_targets", "partners", "funding_source", "start_year", "end_year", "status",
    "tags", "url", "first_published_at", "last_published_at",
]  # fmt: skip
LIST_FIELDS = ("countries", "regions", "themes", "target_groups", "sdg_targets", "partners", "tags")


def _choices(name):
    return {value for value, _label in PracticePage._meta.get_field(name).choices}


@lru_cache(maxsize=8)
def _section_names_in(languages):
    names = dict(SECTION_ALIASES)
    for code in languages:
        with override(code):
            names.update({str(label).strip().lower(): value for value, label in SECTIONS})
    return names


def section_names():
    """{lower-case h2 title: section}: the section titles in every site language, and their aliases."""
    return _section_names_in(tuple(code for code, _name in settings.LANGUAGES))


def check(checker):
    """A practice's own rules: gender marker, tags, years that follow each other, and safeguarding."""
    data = checker.data
    marker = data.get("gender_marker")
    if marker is not None and (isinstance(marker, bool) or marker not in _choices("gender_marker")):
        checker.fail("gender_marker", "must be 0, 1, 2 or 3")
    tags = data.get("tags")
    if tags is not None and (
        not isinstance(tags, list) or not all(isinstance(t, str) and 0 < len(t) <= 100 for t in tags)
    ):
        checker.fail("tags", "must be a list of words (100 characters at most each)")
    start, end = data.get("start_year"), data.get("end_year")
    if isinstance(start, int) and isinstance(end, int) and end < start:
        checker.fail("end_year", "is before start_year")
    if data.get("status") == "completed" and end is None:
        checker.fail("end_year", "is required when status is completed")
    _check_safeguarding(checker)


def _check_safeguarding(checker):
    value = checker.data.get("safeguarding")
    if value is not None and not isinstance(value, dict):
        checker.fail("safeguarding", "must be an object {identifiable_children, consent, anonymised}")
        return
    value = value or {}
    if value.get("identifiable_children", "") not in ("", "yes", "no"):
        checker.fail("safeguarding", 'identifiable_children must be "yes" or "no"')
    if not checker.publish:
        return  # drafts may be incomplete, as in the editor
    gaps = safeguarding_gaps(
        identifiable_children=value.get("identifiable_children")
        if value.get("identifiable_children") in ("yes", "no")
        else "",
        consent=value.get("consent") is True,
        anonymised=value.get("anonymised") is True,
        has_image=bool(checker.data.get("image")),
    )
    for field in gaps:
        checker.fail("safeguarding", SAFEGUARDING_WORDING[field])


def apply(page, record, context):
    """Set a practice's fields from a validated record; returns its many-to-many relations."""
    page.body = html_to_stream(record.get("body", ""), section_names())
    page.kind = record.get("kind") or page.kind
    page.gender_marker = record.get("gender_marker") or 0
    page.participation = record.get("participation") or ""
    page.evidence = record.get("evidence") or page.evidence
    page.start_year, page.end_year = record.get("start_year"), record.get("end_year")
    page.status = record.get("status") or ("completed" if record.get("end_year") else "ongoing")
    safeguarding = record.get("safeguarding") or {}
    page.safeguarding_identifiable_children = safeguarding.get("identifiable_children", "")
    page.safeguarding_consent = bool(safeguarding.get("consent"))
    page.safeguarding_anonymised = bool(safeguarding.get("anonymised"))
    image = record.get("image")
    page.hero_image = context.image(image, record["title"], record.get("image_alt") or "") if image else None
    page.tags.set(record.get("tags", []), clear=True)
    page.funding_source = record.get("funding_source") or ""
    return {
        **context.taxonomy(record),
        "sdg_targets": context.terms(SDGTarget, "code", record.get("sdg_targets", []), "sdg_targets"),
        "partners": context.pages("partner", record.get("partners", []), "partners"),
        "related_resources": context.pages("resource", record.get("related_resources", []), "related_resources"),
    }


def to_record(page, files):
    return {
        "body": body_html(page.body, page.locale.language_code),
        "kind": page.kind,
        "countries": codes(page.countries.all(), "iso_code"),
        "themes": codes(page.themes.all(), "slug"),
        "target_groups": codes(page.target_groups.all(), "slug"),
        "gender_marker": page.gender_marker,
        "participation": page.participation or None,
        "evidence": page.evidence,
        "sdg_targets": codes(page.sdg_targets.all(), "code"),
        "partners": keys(page.partners.all()),
        "related_resources": keys(page.related_resources.all()),
        "funding_source": page.funding_source or None,
        "start_year": page.start_year,
        "end_year": page.end_year,
        "status": page.status,
        "tags": sorted(tag.name for tag in page.tags.all()),
        "image": files.image(page.hero_image, page.key) if page.hero_image else None,
        "image_alt": page.hero_image.description if page.hero_image else None,
        "safeguarding": {
            "identifiable_children": page.safeguarding_identifiable_children,
            "consent": page.safeguarding_consent,
            "anonymised": page.safeguarding_anonymised,
        },
    }


def open_data_record(page):
    """A practice for the open-data downloads: the exchange record, its regions, address and dates; no files."""
    record = page_record(page, NoFiles())
    for name in ("image", "image_alt", "safeguarding"):
        record.pop(name)
    for name in ("partners", "related_resources"):  # only the published, public pages it names
        record[name] = keys(page for page in getattr(page, name).all() if is_public(page))
    record["regions"] = sorted({country.region.slug for country in page.countries.all()})
    record["url"] = page.full_url
    record["first_published_at"] = page.first_published_at.isoformat() if page.first_published_at else None
    record["last_published_at"] = page.last_published_at.isoformat() if page.last_published_at else None
    return record


registry.register(
    registry.RecordType(
        name="practice",
        plural="practices",
        model=PracticePage,
        parent=PracticeIndexPage,
        fields=frozenset(FIELDS),
        to_record=to_record,
        apply=apply,
        texts={
            "summary": PracticePage._meta.get_field("summary").max_length,
            "funding_source": PracticePage._meta.get_field("funding_source").max_length,
            "body": MAX_BODY,
            "image_alt": 250,
        },
        terms={
            "countries": "countries",
            "themes": "themes",
            "target_groups": "target_groups",
            "sdg_targets": "sdg_targets",
        },
        choices={
            "kind": _choices("kind"),
            "participation": _choices("participation") | {""},
            "evidence": _choices("evidence"),
            "status": _choices("status"),
        },
        years={name: year_bounds(PracticePage._meta.get_field(name)) for name in ("start_year", "end_year")},
        files={"image": IMAGE_TYPES},
        links={"partners": "partner", "related_resources": "resource"},
        check=check,
        export_related=(
            "countries__region",
            "themes",
            "target_groups",
            "sdg_targets",
            "partners",
            "related_resources",
            "tags",
            "hero_image",
        ),
        open_data=registry.OpenData(
            columns=CSV_COLUMNS,
            list_fields=LIST_FIELDS,
            record=open_data_record,
            facets=PracticeIndexPage.facets,
            kinds=PracticeIndexPage.kinds,
        ),
    )
)
