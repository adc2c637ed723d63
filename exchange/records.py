"""Pages as records of the exchange format (DESIGN §6): what export writes and import reads back."""

from django.apps import apps

from .html import body_html


def _codes(terms, attribute):
    return [getattr(term, attribute) for term in sorted(terms, key=lambda term: term.sort_order)]


def _keys(pages):
    return sorted({page.key for page in pages})


def common(page, kind):
    return {
        "type": kind,
        "key": page.key,
        "locale": page.locale.language_code,
        "title": page.title,
        "summary": page.summary,
    }


def partner_record(page, files):
    return {
        **common(page, "partner"),
        "body": body_html(page.body, page.locale.language_code),
        "country": page.country.iso_code if page.country else None,
        "city": page.city or None,
        "website": page.website or None,
        "themes": _codes(page.themes.all(), "slug"),
        "fictional": page.is_fictional,
        "logo": files.image(page.logo, f"{page.key}-logo") if page.logo else None,
    }


def practice_record(page, files):
    return {
        **common(page, "practice"),
        "body": body_html(page.body, page.locale.language_code),
        "kind": page.kind,
        "countries": _codes(page.countries.all(), "iso_code"),
        "themes": _codes(page.themes.all(), "slug"),
        "target_groups": _codes(page.target_groups.all(), "slug"),
        "gender_marker": page.gender_marker,
        "participation": page.participation or None,
        "evidence": page.evidence,
        "sdg_targets": _codes(page.sdg_targets.all(), "code"),
        "partners": _keys(page.partners.all()),
        "related_resources": _keys(page.related_resources.all()),
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


def resource_record(page, files):
    return {
        **common(page, "resource"),
        "kind": page.kind,
        "file": files.document(page.document, page.key) if page.document else None,
        "url": page.link or None,
        "languages": list(page.languages),
        "publisher": page.publisher or None,
        "year": page.year,
        "licence": page.licence or None,
        "themes": _codes(page.themes.all(), "slug"),
        "countries": _codes(page.countries.all(), "iso_code"),
        "target_groups": _codes(page.target_groups.all(), "slug"),
    }


def open_data_record(page):
    """A practice for the open-data downloads: the exchange record, its regions, address and dates; no files."""
    record = practice_record(page, _NoFiles())
    for name in ("image", "image_alt", "safeguarding"):
        record.pop(name)
    record["regions"] = sorted({country.region.slug for country in page.countries.all()})
    record["url"] = page.full_url
    record["first_published_at"] = page.first_published_at.isoformat() if page.first_published_at else None
    record["last_published_at"] = page.last_published_at.isoformat() if page.last_published_at else None
    return record


class _NoFiles:
    def image(self, image, name):
        return None

    def document(self, document, name):
        return None


PREFETCH = {
    "partner": ("partners.PartnerPage", ["themes", "country", "logo"]),
    "resource": ("resources.ResourcePage", ["themes", "countries", "target_groups", "document"]),
    "practice": (
        "practices.PracticePage",
        [
            "countries__region",
            "themes",
            "target_groups",
            "sdg_targets",
            "partners",
            "related_resources",
            "tags",
            "hero_image",
        ],
    ),
}


def pages_of(kind):
    model_name, related = PREFETCH[kind]
    return apps.get_model(model_name).objects.select_related("locale").prefetch_related(*related)


def published_practices():
    return pages_of("practice").live().public().order_by("key", "locale__language_code")
