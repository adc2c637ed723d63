"""A partner organisation as an exchange record (DESIGN §6): fields, checks, import and export."""

import json

from django.core.exceptions import ValidationError

from exchange import registry
from exchange.html import body_html, html_to_stream
from exchange.records import codes
from exchange.validation import IMAGE_TYPES
from taxonomy.models import Country, Theme

from .models import PartnerIndexPage, PartnerPage

FIELDS = {"body", "country", "city", "website", "email", "phone", "themes", "fictional", "logo"}


def _limit(name):
    return PartnerPage._meta.get_field(name).max_length


def check(checker):
    checker.web_address("website")
    for name in ("email", "phone"):
        value = checker.data.get(name)
        if value is None:
            continue
        try:
            if not isinstance(value, str):
                raise ValidationError("must be text")
            PartnerPage._meta.get_field(name).run_validators(value)
        except ValidationError as error:
            checker.fail(name, " ".join(error.messages))
    checker.flag("fictional")
    country = checker.data.get("country")
    if country is not None and country not in checker.vocabulary.countries:
        checker.fail("country", f"unknown country code {json.dumps(country)}")


def apply(page, record, context):
    """Set a partner's fields from a validated record; returns its many-to-many relations."""
    page.body = html_to_stream(record.get("body", ""))
    country = record.get("country")
    page.country = context.terms(Country, "iso_code", [country], "country")[0] if country else None
    page.city = record.get("city") or ""
    page.website = record.get("website") or ""
    page.email = record.get("email") or ""
    page.phone = record.get("phone") or ""
    page.is_fictional = bool(record.get("fictional"))
    page.logo = context.image(record["logo"], record["title"]) if record.get("logo") else None
    return {"themes": context.terms(Theme, "slug", record.get("themes", []), "themes")}


def to_record(page, files):
    return {
        "body": body_html(page.body, page.locale.language_code),
        "country": page.country.iso_code if page.country else None,
        "city": page.city or None,
        "website": page.website or None,
        "email": page.email or None,
        "phone": page.phone or None,
        "themes": codes(page.themes.all(), "slug"),
        "fictional": page.is_fictional,
        "logo": files.image(page.logo, f"{page.key}-logo") if page.logo else None,
    }


registry.register(
    registry.RecordType(
        name="partner",
        plural="partners",
        model=PartnerPage,
        parent=PartnerIndexPage,
        fields=frozenset(FIELDS),
        to_record=to_record,
        apply=apply,
        texts={name: _limit(name) for name in ("summary", "city", "website", "email", "phone")},
        terms={"themes": "themes"},
        files={"logo": IMAGE_TYPES},
        check=check,
        export_related=("themes", "country", "logo"),
    )
)
