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


@pytest.fixture
def cache_versions(monkeypatch):
    """The taxonomy layer alone: its version a key of the cache, its values shared there too."""
    monkeypatch.setattr(
        labels, "_source", {"version": labels._cache_version, "changed": labels._forget_in_cache, "shared": True}
    )
    labels.forget_process_copies()


def look_up_everything(countries):
    for language in LANGUAGES:
        for country in countries:
            labels.label(country, language)
    labels.default_terms()
    labels.terms_by_pk()


@pytest.mark.usefixtures("cache_versions")
def test_alone_a_request_reads_the_labels_version_key_once_however_many_labels_it_shows(monkeypatch):
    counting = CountingCache(labels.cache)
    monkeypatch.setattr(labels, "cache", counting)
    countries = list(terms(Country, "fr"))
    labels._new_request()
    try:
        look_up_everything(countries)
    finally:
        labels._request_done()
    assert counting.reads.count(labels.VERSION_KEY) == 1
    assert len(counting.reads) == 4  # the version and each value once


class CountingVersion:
    def __init__(self, read):
        self.read, self.calls = read, 0

    def __call__(self):
        self.calls += 1
        return self.read()


def test_in_the_site_labels_ask_the_cache_nothing_and_their_version_once_a_request(monkeypatch):
    """base.vocabulary keeps the version with the generations a request reads from the database anyway:
    with Redis as the cache, a page's labels cost no round trip."""
    counting_cache = CountingCache(labels.cache)
    monkeypatch.setattr(labels, "cache", counting_cache)
    version = CountingVersion(labels._source["version"])
    monkeypatch.setitem(labels._source, "version", version)
    countries = list(terms(Country, "fr"))
    labels._new_request()
    try:
        look_up_everything(countries)
    finally:
        labels._request_done()
    assert version.calls == 1
    assert counting_cache.reads == []
    assert not labels.cache.get(labels.VERSION_KEY) and not labels.cache.get(labels.CACHE_KEY)


def test_outside_a_request_the_version_is_read_at_most_once_a_second(monkeypatch):
    version = CountingVersion(labels._source["version"])
    monkeypatch.setitem(labels._source, "version", version)
    peru = terms(Country, "fr").get(iso_code="PE")
    now = [1000.0]
    monkeypatch.setattr(labels.time, "monotonic", lambda: now[0])
    for language in LANGUAGES * 50:  # a command labelling many pages
        labels.label(peru, language)
    assert version.calls == 1
    now[0] += labels.OUTSIDE_A_REQUEST_RECHECK
    labels.label(peru, "es")
    assert version.calls == 2


def rename_in_the_shared_cache(peru):
    """Another worker of the taxonomy layer alone: it replaces the shared value and the version."""
    renamed = {**labels.all_labels(), ("Country", peru.translation_key, "es"): "Perú (renamed elsewhere)"}
    cache.set(labels.CACHE_KEY, renamed, timeout=None)
    cache.set(labels.VERSION_KEY, "another-version", timeout=None)


def rename_in_the_database(peru):
    """Another worker of the site: the row changes, and its save bumps the generation (base.vocabulary)."""
    from base import generation, vocabulary  # the layer above, which keeps the version

    terms(Country, "es").filter(iso_code="PE").update(name="Perú (renamed elsewhere)")
    generation.bump(vocabulary.GENERATION)  # nothing else of this process changes


@pytest.mark.parametrize("where", ["cache", "database"])
def test_a_rename_by_another_process_is_seen_by_the_next_request(request, where):
    if where == "cache":
        request.getfixturevalue("cache_versions")
    peru = terms(Country, "fr").get(iso_code="PE")
    labels._new_request()
    assert labels.label(peru, "es") == "Perú"
    (rename_in_the_shared_cache if where == "cache" else rename_in_the_database)(peru)
    assert labels.label(peru, "es") == "Perú"  # this request keeps one view of the vocabulary
    labels._request_done()
    labels._new_request()
    try:
        assert labels.label(peru, "es") == "Perú (renamed elsewhere)"
    finally:
        labels._request_done()


def test_saving_or_deleting_a_term_bumps_the_vocabulary_generation():
    from base import generation, vocabulary

    before = generation.current(vocabulary.GENERATION, fresh=True)
    spanish = terms(Country, "es").get(iso_code="PE")
    spanish.save()
    saved = generation.current(vocabulary.GENERATION, fresh=True)
    assert saved != before
    TargetGroup.objects.filter(locale__language_code="en").first().delete()
    assert generation.current(vocabulary.GENERATION, fresh=True) != saved


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
