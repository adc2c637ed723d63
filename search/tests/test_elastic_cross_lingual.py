"""Hybrid search and grouping by translation on a real Elasticsearch cluster, with the real multilingual encoder:
a French query finds a Spanish practice. Run only when ELASTICSEARCH_URL is set (an index prefix of their own,
deleted afterwards); otherwise they are reported as skipped, never passed.

Whether the cluster ranks by reciprocal rank fusion (8.16+ with an Enterprise licence) or, refusing it, by the
union of search.engines.elastic_hybrid, the same documents are found: these tests hold for both.
"""

import pytest

from search.models import SearchDocument, SearchFacet
from search.related import store_vectors

from . import elastic_fixtures
from .elastic_fixtures import LANGUAGES, needs_cluster, request

pytestmark = [needs_cluster, pytest.mark.django_db]
cluster = elastic_fixtures.cluster  # the shared fixture, where pytest finds it

TRATA = "Trata de niños en la frontera"
TRAITE_FR = "Protéger les enfants victimes de traite aux frontières"
TRAITE_EN = "Protecting child victims of trafficking at borders"
SECRET = "Trata de niñas: protocolo interno"
QUERY = "traite des enfants à la frontière"

# (group, language, original language, title, summary, facets)
PRACTICES = [
    ("g-trata", "es", "es", TRATA, "Acompañamos a los niños y niñas víctimas de trata que cruzan la frontera sin sus familias.", {"country": "HN"}),
    ("g-traite", "fr", "fr", TRAITE_FR, "Des comités de vigilance repèrent les enfants emmenés de l'autre côté de la frontière.", {"country": "TG"}),
    ("g-traite", "en", "fr", TRAITE_EN, "Vigilance committees spot children taken across the border.", {"country": "TG"}),
    ("g-huertos", "es", "es", "Huertos escolares y alimentación", "Las escuelas cultivan verduras para los almuerzos de los alumnos.", {"country": "CO"}),
    ("g-secret", "es", "es", SECRET, "Protocolo para acompañar a las niñas víctimas de trata en la frontera.", {"country": "HN", "restriction": "5"}),
]  # fmt: skip


@pytest.fixture
def practices(cluster):
    rows = []
    for number, (group, language, original, title, summary, facets) in enumerate(PRACTICES, start=1):
        document = SearchDocument.objects.create(
            source=f"page:x{number}", group=group, language=language, original_language=original,
            kind="innovative-initiative", title=title, title_folded=title.lower(), summary=summary,
            url=f"/{language}/x{number}/", restricted="restriction" in facets,
        )  # fmt: skip
        SearchFacet.objects.bulk_create(
            SearchFacet(document=document, name=name, value=value) for name, value in facets.items()
        )
        rows.append(document)
    store_vectors(rows)  # the real encoder, as publishing computes them before the engine indexes
    cluster.store(rows)
    cluster.optimise()
    return cluster


def search(engine, text=QUERY, reader="fr", **options):
    return engine.search(request(text, languages=LANGUAGES, reader_language=reader, **options))


def titles(results):
    return [hit.title for hit in results.hits]


def test_cluster_a_french_query_finds_the_spanish_practice(practices):
    found = titles(search(practices))
    assert TRATA in found[:3], found
    assert TRAITE_FR in found


def test_cluster_words_only_do_not_cross_languages(practices):
    assert TRATA not in titles(search(practices, mode="lexical"))


def test_cluster_newest_first_the_neighbours_are_still_found(practices):
    assert TRATA in titles(search(practices, sort="newest"))


def test_cluster_an_off_topic_query_drags_nothing_in(practices):
    assert search(practices, "recette du gâteau au chocolat").total == 0


def test_cluster_filters_narrow_the_neighbours(practices):
    assert titles(search(practices, filters={"country": ["HN"]})) == [TRATA]


def test_cluster_a_restricted_practice_never_comes_back_through_the_neighbours(practices):
    for options in ({}, {"sort": "newest"}, {"reader": "es"}):
        assert SECRET not in titles(search(practices, **options))
    assert SECRET in titles(search(practices, readable=frozenset({5})))


def test_cluster_a_translated_practice_is_shown_once_in_the_reader_s_language(practices):
    french, english = search(practices, reader="fr"), search(practices, reader="en")
    assert TRAITE_FR in titles(french) and TRAITE_EN not in titles(french)
    assert TRAITE_EN in titles(english) and TRAITE_FR not in titles(english)
    for results in (french, english):
        groups = [hit.group for hit in results.hits]
        assert len(groups) == len(set(groups))
        assert results.total == len(groups)  # groups, not documents
    (hit,) = [hit for hit in french.hits if hit.title == TRAITE_FR]
    assert [language for language, _url in hit.translations] == ["en"]
    assert french.facets["language"].get("en") == 1  # the language facet counts documents
