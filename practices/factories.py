"""Test factories for practices: PracticePageFactory, and `practice(...)` taking the exchange record's words."""

import json

import factory

from base.factories import RootCollectionImageFactory, SectionPageFactory, record_call

from .models import PracticeIndexPage, PracticePage

BODY = [
    {"type": "section", "value": {"section": "context", "text": "<p>Au Togo, le Code de l’enfant date de 2007.</p>"}},
    {"type": "section", "value": {"section": "approach", "text": "<p>Des élections.</p>"}},
]


class PracticePageFactory(SectionPageFactory):
    """A published practice in Togo with a complete safeguarding record and no image."""

    class Meta:
        model = PracticePage

    _index_model = PracticeIndexPage
    title = "Conseils d’enfants dans les quartiers"
    summary = "Des conseils d’enfants élus donnent leur avis à la mairie."
    body = factory.LazyFunction(lambda: json.dumps(BODY))
    kind = "good-practice"
    countries = ("TG",)
    themes = ("child-participation",)
    target_groups = ("girls", "boys")
    sdg_targets = ("16.7",)
    tags = ("gouvernance",)
    gender_marker = 2
    participation = "child-led"
    evidence = "documented"
    start_year = 2021
    status = factory.LazyAttribute(lambda page: "completed" if page.end_year else "ongoing")
    end_year = None
    safeguarding_identifiable_children = "no"
    safeguarding_anonymised = True


def practice(key=None, locale="fr", image=False, partners=(), related_resources=(), **fields):
    """A practice named by its exchange `key` (a translation when the key exists in another language).

    `partners` and `related_resources` are keys; `image=True` gives it a hero image.
    """
    key = key or f"practice-{next(_numbers)}"
    fields.setdefault("title", PracticePageFactory.title)
    if image:
        source = PracticePage.objects.filter(key=key, hero_image__isnull=False).first()
        fields["hero_image"] = source.hero_image if source else RootCollectionImageFactory(title=fields["title"])
    model = PracticePage._meta
    fields["partners"] = _sources(model.get_field("partners").related_model, partners)
    fields["related_resources"] = _sources(model.get_field("related_resources").related_model, related_resources)
    if "end_year" in fields and "status" not in fields:
        fields["status"] = "completed" if fields["end_year"] else "ongoing"
    return record_call(PracticePageFactory, key, locale, fields)


def _sources(model, keys):
    """The first-created page of each key, as the importer links them."""
    return [model.objects.filter(key=key).order_by("pk").first() for key in keys]


_numbers = iter(range(1, 10**9))
