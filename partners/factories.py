"""Test factories for partner organisations: PartnerPageFactory, and `partner(...)` taking the exchange record's words."""

import json

import factory

from base.factories import SectionPageFactory, record_call, terms
from taxonomy.models import Country

from .models import PartnerIndexPage, PartnerPage


class PartnerPageFactory(SectionPageFactory):
    """A published, fictional partner organisation in Lomé."""

    class Meta:
        model = PartnerPage

    _index_model = PartnerIndexPage
    title = "Association Horizon (fictive)"
    summary = "Organisation fictive pour les tests."
    body = factory.LazyFunction(
        lambda: json.dumps([{"type": "paragraph", "value": "<p>Elle accompagne les familles.</p>"}])
    )
    country = factory.LazyFunction(lambda: terms(Country, ["TG"])[0])
    city = "Lomé"
    themes = ("child-participation",)
    is_fictional = True


def partner(key=None, locale="fr", country=None, fictional=None, **fields):
    """A partner named by its exchange `key` (a translation when the key exists in another language).

    `country` is an ISO code; `fictional` is the record's word for `is_fictional`.
    """
    key = key or f"partner-{next(_numbers)}"
    if country is not None:
        fields["country"] = terms(Country, [country])[0]
    if fictional is not None:
        fields["is_fictional"] = fictional
    return record_call(PartnerPageFactory, key, locale, fields)


_numbers = iter(range(1, 10**9))
