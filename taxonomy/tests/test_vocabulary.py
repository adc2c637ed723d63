"""The vocabulary of DESIGN §3 exists after `migrate` alone, in three languages."""

import pytest
from django.core.cache import cache
from django.db import IntegrityError
from wagtail.models import Locale

from taxonomy import labels
from taxonomy.models import Country, Region, SDGTarget, TargetGroup, Theme

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "es", "en"]
EXPECTED_COUNTRIES = {
    "sub-saharan-africa": {"BF", "CI", "MG", "SN", "TG"},
    "north-africa": {"MA", "TN"},
    "central-south-america": {"CO", "CR", "HN", "PE"},
}
GENDER_THEMES = {"gender-equality", "girls-empowerment", "lgbtqi-rights"}


def terms(model, language):
    return model.objects.filter(locale__language_code=language)


def test_locales_for_each_language_exist():
    assert set(Locale.objects.values_list("language_code", flat=True)) == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_three_regions_with_their_eleven_countries(language):
    regions = terms(Region, language)
    assert set(regions.values_list("slug", flat=True)) == set(EXPECTED_COUNTRIES)
    assert terms(Country, language).count() == 11
    for region in regions:
        # A country's region is the same-language row of its region.
        assert set(region.countries.values_list("iso_code", flat=True)) == EXPECTED_COUNTRIES[region.slug]
        assert all(country.locale_id == region.locale_id for country in region.countries.all())


@pytest.mark.parametrize("language", LANGUAGES)
def test_nine_themes_three_in_the_gender_equality_group(language):
    themes = terms(Theme, language)
    assert themes.count() == 9
    assert set(themes.filter(is_gender_equality=True).values_list("slug", flat=True)) == GENDER_THEMES
    assert all(theme.description for theme in themes)


@pytest.mark.parametrize("language", LANGUAGES)
def test_target_groups_and_sdg_targets(language):
    assert set(terms(TargetGroup, language).values_list("slug", flat=True)) == {
        "girls",
        "boys",
        "adolescents",
        "young-children",
        "families",
        "professionals",
        "communities",
    }
    codes = set(terms(SDGTarget, language).values_list("code", flat=True))
    assert {"5.1", "5.3", "16.2", "16.3", "8.7"} <= codes


@pytest.mark.parametrize(
    ("model", "lookup", "labels"),
    [
        (Region, {"slug": "north-africa"}, {"fr": "Afrique du Nord", "es": "Norte de África", "en": "North Africa"}),
        (Country, {"iso_code": "PE"}, {"fr": "Pérou", "es": "Perú", "en": "Peru"}),
        (Country, {"iso_code": "CI"}, {"fr": "Côte d’Ivoire", "es": "Costa de Marfil", "en": "Côte d’Ivoire"}),
        (
            Theme,
            {"slug": "trafficking"},
            {"fr": "Traite des personnes", "es": "Trata de personas", "en": "Human trafficking"},
        ),
        (TargetGroup, {"slug": "girls"}, {"fr": "Filles", "es": "Niñas", "en": "Girls"}),
    ],
)
def test_labels_are_translated_and_rows_are_one_translation_group(model, lookup, labels):
    rows = {row.locale.language_code: row for row in model.objects.filter(**lookup).select_related("locale")}
    assert {code: row.name for code, row in rows.items()} == labels
    assert len({row.translation_key for row in rows.values()}) == 1
    # Wagtail's own API finds the translations.
    assert rows["fr"].get_translation(rows["es"].locale).pk == rows["es"].pk


def test_a_slug_is_unique_per_locale():
    french = Locale.objects.get(language_code="fr")
    with pytest.raises(IntegrityError):
        Theme.objects.create(locale=french, slug="trafficking", name="Doublon")


def test_filtering_by_slug_works_across_locales():
    spanish_theme = terms(Theme, "es").get(slug="child-participation")
    assert Theme.objects.filter(slug="child-participation").count() == 3
    assert spanish_theme.name == "Participación infantil"


def test_labels_are_read_once_per_process_and_again_after_a_rename():
    from taxonomy.labels import all_labels, label

    peru = terms(Country, "fr").get(iso_code="PE")
    first = all_labels()
    assert all_labels() is first  # the same dictionary: not unpickled from the cache for each label
    assert label(peru, "es") == "Perú"
    spanish = terms(Country, "es").get(iso_code="PE")
    spanish.name = "República del Perú"
    spanish.save()
    assert all_labels() is not first
    assert label(peru, "es") == "República del Perú"


# Django's request_started and request_finished signals also close the database connection: the
# tests call the labels' receivers of those signals (the request tests of the pages send the signals).


class CountingCache:
    """The cache, counting which keys are read."""

    def __init__(self, cache):
        self.cache, self.reads = cache, []

    def get(self, key, *args, **kwargs):
        self.reads.append(key)
        return self.cache.get(key, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.cache, name)


def test_a_request_reads_the_labels_version_once_however_many_labels_it_shows(monkeypatch):
    counting = CountingCache(labels.cache)
    monkeypatch.setattr(labels, "cache", counting)
    countries = list(terms(Country, "fr"))
    labels._new_request()
    try:
        for language in LANGUAGES:
            for country in countries:
                labels.label(country, language)
        labels.default_terms()
        labels.terms_by_pk()
    finally:
        labels._request_done()
    assert counting.reads.count(labels.VERSION_KEY) == 1
    assert len(counting.reads) == 4  # the version and each value once
    counting.reads.clear()
    labels.label(countries[0], "es")
    labels.label(countries[0], "en")
    assert counting.reads.count(labels.VERSION_KEY) == 2  # outside a request, at every lookup


def test_a_rename_by_another_process_is_seen_by_the_next_request():
    peru = terms(Country, "fr").get(iso_code="PE")
    labels._new_request()
    assert labels.label(peru, "es") == "Perú"
    renamed = {**labels.all_labels(), ("Country", peru.translation_key, "es"): "Perú (renamed elsewhere)"}
    # Another worker renames the term: it replaces the shared value and the version under this one.
    cache.set(labels.CACHE_KEY, renamed, timeout=None)
    cache.set(labels.VERSION_KEY, "another-version", timeout=None)
    assert labels.label(peru, "es") == "Perú"  # this request keeps one view of the vocabulary
    labels._request_done()
    labels._new_request()
    try:
        assert labels.label(peru, "es") == "Perú (renamed elsewhere)"
    finally:
        labels._request_done()


def test_a_rename_within_a_request_is_seen_at_once():
    peru = terms(Country, "fr").get(iso_code="PE")
    labels._new_request()
    try:
        assert labels.label(peru, "es") == "Perú"
        spanish = terms(Country, "es").get(iso_code="PE")
        spanish.name = "Perú (renombrado)"
        spanish.save()
        assert labels.label(peru, "es") == "Perú (renombrado)"
    finally:
        labels._request_done()
