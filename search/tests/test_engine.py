"""The search engine of the database in use (the suite runs on SQLite and on PostgreSQL)."""

import pytest
from django.db import connection
from django.db.models import Q

from practices.models import PracticePage
from search.engines import get_engine
from search.models import SearchDocument

from .conftest import search, titles

pytestmark = pytest.mark.django_db


def test_the_engine_is_the_database_s_own_unless_a_cluster_is_configured(corpus, settings):
    assert get_engine().name == ("elasticsearch" if settings.ELASTICSEARCH_URL else connection.vendor)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("enfant", "Justice adaptée à chaque enfant"), ("enfants", "Conseils d'enfants dans les quartiers")],
)
def test_french_singular_and_plural_find_each_other(corpus, typed, expected):
    found = titles(search(q=typed))
    assert "Justice adaptée à chaque enfant" in found
    assert "Conseils d'enfants dans les quartiers" in found
    assert expected in found


@pytest.mark.parametrize("typed", ["egalite", "égalité", "EGALITES"])
def test_french_accents_do_not_matter(corpus, typed):
    assert "Égalité des filles à l'école" in titles(search(q=typed))


@pytest.mark.parametrize("typed", ["niña", "niñas", "nina", "NIÑAS"])
def test_spanish_plural_and_accents(corpus, typed):
    assert titles(search("es", q=typed)) == ["Consejos de niñas y niños en los barrios"]


@pytest.mark.parametrize("typed", ["proteccion", "protección"])
def test_spanish_accents_do_not_matter(corpus, typed):
    assert "Consejos de niñas y niños en los barrios" in titles(search("es", q=typed))


@pytest.mark.parametrize("typed", ["girl", "protected", "protects", "club"])
def test_english_stemming(corpus, typed):
    assert titles(search("en", q=typed, lang="en")) == ["Girls' clubs protecting children"]


def test_a_phrase_needs_its_words_in_order(corpus):
    assert titles(search(q='"violence scolaire"')) == ["Justice adaptée à chaque enfant"]
    assert titles(search(q='"scolaire violence"')) == []


def test_exclusion_leaves_out_documents_with_the_word(corpus):
    found = titles(search(q="violence -scolaire"))
    assert found == ["Prévenir la violence dans les familles"]


def test_or_finds_either_word(corpus):
    found = set(titles(search(q="mairie or domicile")))
    assert found == {"Conseils d'enfants dans les quartiers", "Prévenir la violence dans les familles"}


def test_documents_of_resources_are_searched_by_their_text(corpus):
    assert titles(search(q="municipal salle")) == [corpus["guide"].title]


def test_each_hit_has_a_highlight(corpus):
    page = search(q="violence")
    assert page.hits
    for hit in page.hits:
        assert "<mark>" in hit.highlight.lower()
        assert "violence" in hit.highlight.lower()


def test_title_matches_rank_first(corpus):
    assert titles(search(q="égalité"))[0] == "Égalité des filles à l'école"


def _expected(facet, value):
    """The ORM's count of French practices about "quartier" with this facet value."""
    practices = PracticePage.objects.live().filter(locale__language_code="fr")
    practices = practices.filter(Q(title__icontains="quartier") | Q(summary__icontains="quartier"))
    condition = {
        "region": Q(countries__region__slug=value),
        "country": Q(countries__slug=value),
        "theme": Q(themes__slug=value),
        "gender": Q(themes__is_gender_equality=True),
        "gender_marker": Q(gender_marker=value),
        "kind": Q(kind=value),
    }[facet]
    return practices.filter(condition).distinct().count()


def test_each_facet_count_equals_the_orm_count(corpus):
    page = search(q="quartier")
    assert page.total == 3
    checked = 0
    for facet in ("region", "country", "theme", "gender", "gender_marker", "kind"):
        assert page.facets[facet], facet
        for value in page.facets[facet]:
            assert value.count == _expected(facet, value.value), (facet, value.value)
            checked += 1
    assert checked >= 12
    assert {v.value: v.count for v in page.facets["language"]} == {"fr": 3}


def test_filters_combine(corpus):
    in_africa = search(q="quartier", region="sub-saharan-africa")
    assert set(titles(in_africa)) == {"Conseils d'enfants dans les quartiers", "Égalité des filles à l'école"}
    both = search(q="quartier", region="sub-saharan-africa", theme="gender-equality")
    assert titles(both) == ["Égalité des filles à l'école"]
    either_theme = search(q="quartier", theme=["gender-equality", "child-participation"])
    assert either_theme.total == 3
    assert search(q="quartier", gender="1").total == 2
    assert search(q="quartier", gender_marker="3").total == 1
    assert titles(search(q="quartier", kind="partner-contribution")) == ["Prévenir la violence dans les familles"]
    # Browsing shows every language: the English practice too.
    ongoing_in_2023 = {
        "Justice adaptée à chaque enfant",
        "Conseils d'enfants dans les quartiers",
        "Girls' clubs protecting children",
    }
    assert set(titles(search(year_from="2023", kind="good-practice"))) == ongoing_in_2023
    assert titles(search(year_to="2020")) == ["Égalité des filles à l'école"]
    assert search(year_to="2021", q="quartier").total == 3  # the Peruvian one started in 2021 too


def test_a_facet_counts_the_alternatives_to_its_own_selection(corpus):
    page = search(q="quartier", region="sub-saharan-africa")
    regions = {v.value: (v.count, v.selected) for v in page.facets["region"]}
    assert regions == {"sub-saharan-africa": (2, True), "central-south-america": (1, False)}
    assert {v.value: v.count for v in page.facets["country"]} == {"senegal": 1, "togo": 1}


def test_browsing_without_words_lists_newest_first(corpus):
    page = search(kind=["good-practice", "innovative-initiative", "partner-contribution"])
    assert page.total == 5  # every language, each practice once (the Togolese one is in French and Spanish)
    dates = [hit.date for hit in page.hits]
    assert dates == sorted(dates, reverse=True)


def test_pagination_is_stable_and_complete(corpus):
    everything = search(q="enfant or quartier or violence")
    assert everything.total >= 4
    pages = [search(q="enfant or quartier or violence", page=str(n)).hits for n in range(1, 3)]
    seen = []
    for number in range(1, everything.total + 1):
        seen += [hit.id for hit in _page_of(number)]
    assert len(seen) == len(set(seen)) == everything.total
    assert pages[0][0].id == everything.hits[0].id


def _page_of(number):
    from django.http import QueryDict

    from search.service import run_search

    return run_search(QueryDict(f"q=enfant+or+quartier+or+violence&page={number}"), "fr", per_page=1, record=False).hits


def test_sort_by_newest(corpus):
    page = search(q="quartier", sort="newest")
    dates = [hit.date for hit in page.hits]
    assert dates == sorted(dates, reverse=True)


def test_publish_and_unpublish_are_reflected_at_once(corpus):
    practice = corpus["maroc"]
    assert "Justice adaptée à chaque enfant" in titles(search(q="justice"))
    practice.unpublish()
    assert titles(search(q="justice")) == []
    practice.title = "Justice réparatrice pour chaque enfant"
    practice.save_revision().publish()
    assert titles(search(q="réparatrice")) == ["Justice réparatrice pour chaque enfant"]


def test_deleted_and_private_pages_leave_the_index(corpus):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=corpus["perou"], restriction_type="password", password="secret")
    assert search(q="domicile").total == 0
    PageViewRestriction.objects.filter(page=corpus["perou"]).delete()
    assert search(q="domicile").total == 1
    corpus["perou"].delete()
    assert search(q="domicile").total == 0
    assert not SearchDocument.objects.filter(title__startswith="Prévenir").exists()


def test_moving_a_page_updates_its_address(corpus, home_pages):
    from home.models import StandardPage

    about = home_pages["fr"].add_child(instance=StandardPage(title="À propos de la protection", slug="a-propos"))
    about.save_revision().publish()
    section = home_pages["fr"].add_child(instance=StandardPage(title="Programme", slug="programme"))
    section.save_revision().publish()
    about.move(section, pos="last-child")
    hit = search(q="propos").hits[0]
    assert hit.url.endswith("/programme/a-propos/")


def test_a_misspelt_word_gets_a_suggestion(corpus):
    page = search(q="enfnats")
    assert page.total == 0
    assert page.suggestion == "enfants"


def test_no_suggestion_when_the_words_are_known(corpus):
    assert search(q="violence").suggestion == ""


def test_every_language_is_searched_and_labelled_with_its_own(corpus):
    page = search("es", q="violence")
    found = {(hit.title, hit.language) for hit in page.hits}
    assert ("Prévenir la violence dans les familles", "fr") in found


def test_a_practice_comes_once_in_the_reader_s_language_where_translated(corpus):
    for language, title in (
        ("es", "Consejos de niñas y niños en los barrios"),
        ("fr", "Conseils d'enfants dans les quartiers"),
    ):
        page = search(language, q="barrio or quartier")
        groups = [hit.group for hit in page.hits]
        assert len(groups) == len(set(groups)) == page.total
        assert title in titles(page)
        (togo,) = [hit for hit in page.hits if hit.group == str(corpus["togo"].translation_key)]
        assert togo.title == title
        assert [language for language, _url in togo.translations] == ["es" if language == "fr" else "fr"]


def test_results_from_a_chosen_language(corpus):
    page = search("es", q="enfants", lang="fr")
    assert page.total >= 2 and all(hit.language == "fr" for hit in page.hits)


def test_the_original_language_of_a_translation(corpus):
    hit = search("es", q="barrio").hits[0]
    assert (hit.language, hit.original_language) == ("es", "fr")


def test_rebuild_gives_the_same_results(corpus):
    from search.indexing import rebuild

    before = [(h.id, h.title) for h in search(q="enfants").hits]
    count = rebuild()
    assert count == SearchDocument.objects.count() >= 8
    assert [h.title for h in search(q="enfants").hits] == [title for _id, title in before]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="CLUSTER is PostgreSQL's; SQLite optimises its FTS5 table"
)
def test_a_rebuild_stores_each_language_s_rows_together_on_postgresql(corpus):
    from search.indexing import rebuild

    rebuild()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indisclustered FROM pg_index WHERE indexrelid = 'search_doc_language_date'::regclass")
        assert cursor.fetchone() == (True,)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TOAST storage is PostgreSQL's")
def test_the_vectors_are_stored_in_the_row_on_postgresql(corpus):
    """A phrase match and a ranking read `vector` or `head` back: moved out of the row (TOAST), each read costs
    three more pages (migration 0007). MAIN storage keeps them in the row; the body goes out first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'search_searchdocument'::regclass "
            "AND attname IN ('vector', 'head', 'body') ORDER BY attname"
        )
        assert cursor.fetchall() == [("body", "x"), ("head", "m"), ("vector", "m")]
    document = SearchDocument.objects.filter(language="fr").first()
    document.body = " ".join(f"mot{n} droits de l'enfant" for n in range(800))  # ~20 KB: the body is toasted
    document.save()
    assert document.pk in {hit.id for hit in search(q='"droits de l\'enfant"').hits}


def test_what_readers_must_not_see_is_never_found(corpus, hidden_practices):
    for title in ("Brouillon", "retirée", "réservée"):
        assert search(q=title).total == 0, title
    assert not SearchDocument.objects.filter(title__in=["Pratique retirée", "Pratique réservée"]).exists()


def test_country_and_region_pages_are_found_in_each_language(corpus):
    assert titles(search(q="Pérou", kind="country")) == ["Pérou"]
    assert titles(search("es", q="Perú", kind="country")) == ["Perú"]
    region = search("en", q="north africa", kind="region").hits[0]
    assert region.url.endswith("/north-africa/")


def test_a_search_for_its_total_alone_ranks_nothing(corpus, monkeypatch):
    """ "Did you mean" asks only whether the corrected words find more (per_page 0): no score is read for that."""
    engine = get_engine()
    asked = []
    original = type(engine).matches_scored

    def spy(self, query, languages, scored):
        asked.append(tuple(scored))
        return original(self, query, languages, scored)

    monkeypatch.setattr(type(engine), "matches_scored", spy)
    page = search(q="protecton")
    assert page.suggestion == "protection"
    searched = ("fr", "es", "en")  # a French reader who chose no language searches all three
    assert asked == [searched, ()]  # the reader's search, then the check of the suggestion: no scores
    assert search(q="enfants").total and asked[-1] == searched
