"""Results one per translation group on Elasticsearch, without a cluster: the collapse and the counts sent, the
version chosen for the reader from a group's inner hits, totals and facets counting groups, and each hit's
other versions read from the database."""

import pytest

from search.engines.elastic_builders import SOURCE, parse_response, query_body
from search.engines.elastic_groups import NEWEST, PRECISION
from search.engines.elastic_hybrid import fused_bodies
from search.models import SearchFacet

from . import elastic_fixtures
from .elastic_fixtures import request, row

recorded = elastic_fixtures.recorded  # the shared fixture, where pytest finds it

GROUPS = {"cardinality": {"field": "group", "precision_threshold": PRECISION}}


def version(pk, language, original="fr", group="g-1", highlight=None):
    source = {
        "id": pk,
        "language": language,
        "original_language": original,
        "group": group,
        "url": f"/{language}/{pk}/",
        f"title_{language}": f"Title {pk} ({language})",
    }
    return {"_id": str(pk), "_score": None, "_source": source, **({"highlight": highlight} if highlight else {})}


def collapsed(score, *versions):
    """A collapsed hit as Elasticsearch answers it: the group's best document, its versions as inner hits."""
    best = max(versions, key=lambda item: item["_source"]["id"])
    inner = {"versions": {"hits": {"total": {"value": len(versions)}, "hits": list(versions)}}}
    return {**best, "_score": score, "inner_hits": inner}


# Grouped answer: a practice written in French, translated into Spanish and English; another written in
# French whose matching versions are only translations (es newer than en).
ANSWER = {
    "hits": {
        "total": {"value": 5, "relation": "eq"},  # documents: not what the reader is told
        "hits": [
            collapsed(
                0.9,
                version(3, "es", highlight={"summary_es": ["la \x02trata\x03"]}),
                version(2, "en"),
                version(1, "fr", highlight={"summary_fr": ["la \x02traite\x03"]}),
            ),
            collapsed(0.5, version(5, "es", group="g-2"), version(4, "en", group="g-2")),
        ],
    },
    "aggregations": {
        "found": {"doc_count": 5, "groups": {"value": 2}},
        "theme": {"doc_count": 5, "values": {"buckets": [{"key": "trafficking", "doc_count": 5, "groups": {"value": 2}}]}},
        "language": {
            "doc_count": 5,
            "values": {"buckets": [{"key": "es", "doc_count": 2}, {"key": "en", "doc_count": 2}, {"key": "fr", "doc_count": 1}]},
        },
    },
}  # fmt: skip


def test_a_reader_s_search_collapses_by_translation_group():
    body = query_body(request("traite", reader_language="fr"))
    inner = body["collapse"]["inner_hits"]
    assert body["collapse"]["field"] == "group"
    assert inner["name"] == "versions"
    assert inner["size"] == 3  # one version a site language
    assert inner["sort"] == NEWEST  # among equals, the newest, as FacetIndex.grouped
    assert inner["_source"] == SOURCE
    assert inner["highlight"] == body["highlight"]  # the chosen version's extract


def test_totals_and_facets_count_groups_but_the_language_facet_counts_documents():
    search = request("traite", reader_language="fr", filters={"theme": ["trafficking"]})
    aggs = query_body(search)["aggs"]
    assert aggs["found"] == {"filter": query_body(search)["post_filter"], "aggs": {"groups": GROUPS}}
    assert GROUPS["cardinality"]["precision_threshold"] == 40_000
    for name, facet in aggs.items():
        if name not in ("found", "language"):
            assert facet["aggs"]["values"]["aggs"] == {"groups": GROUPS}
    assert "aggs" not in aggs["language"]["aggs"]["values"]


def test_without_a_reader_s_language_every_document_is_a_result():
    body = query_body(request("traite"))
    assert "collapse" not in body and "found" not in body["aggs"]
    assert "aggs" not in body["aggs"]["theme"]["aggs"]["values"]


def test_a_hybrid_search_collapses_its_fused_page_and_counts_groups_in_its_counts():
    page, counts = fused_bodies(request("traite", reader_language="fr"), [0.5] * 4)
    assert page["collapse"]["field"] == "group" and "retriever" in page
    assert counts["aggs"]["found"]["aggs"] == {"groups": GROUPS}
    assert counts["aggs"]["theme"]["aggs"]["values"]["aggs"] == {"groups": GROUPS}
    assert "collapse" not in counts  # it counts, it shows nothing


@pytest.mark.parametrize(
    ("reader", "shown"),
    [
        ("fr", [1, 5]),  # hers where it matched; else the newest version (no original among the matches)
        ("en", [2, 4]),  # hers
        ("pt", [1, 5]),  # no version in her language: the original, else the newest
    ],
)
def test_each_group_is_shown_in_the_reader_s_language_else_the_original_else_the_newest(reader, shown):
    results = parse_response(ANSWER, request("traite", reader_language=reader))
    assert [hit.id for hit in results.hits] == shown
    assert [hit.score for hit in results.hits] == [0.9, 0.5]  # the group's rank, whichever version is shown


def test_the_shown_version_brings_its_own_title_and_extract():
    first, _second = parse_response(ANSWER, request("traite", reader_language="fr")).hits
    assert (first.language, first.title, first.url) == ("fr", "Title 1 (fr)", "/fr/1/")
    assert first.highlight == "la <mark>traite</mark>"


def test_the_total_and_facets_of_a_grouped_answer_count_groups():
    results = parse_response(ANSWER, request("traite", reader_language="fr"))
    assert results.total == 2
    assert results.facets["theme"] == {"trafficking": 2}
    assert results.facets["language"] == {"es": 2, "en": 2, "fr": 1}


def test_counts_asked_apart_are_read_from_their_own_answer():
    page = {"hits": {"hits": ANSWER["hits"]["hits"]}}  # the fused page: no total, no aggregations
    results = parse_response(page, request("traite", reader_language="fr"), counted=ANSWER)
    assert results.total == 2 and results.facets["theme"] == {"trafficking": 2}
    ungrouped = {"hits": {"hits": []}, "aggregations": {"found": {"doc_count": 5}}}
    assert parse_response({"hits": {"hits": []}}, request("traite"), counted=ungrouped).total == 5


@pytest.mark.django_db
def test_each_hit_lists_its_other_versions_the_reader_may_open(recorded):
    engine, _sent = recorded
    french, spanish, english = (
        row(pk=None, source=f"page:t-{language}", group="g-t", language=language, url=f"/{language}/t/")
        for language in ("fr", "es", "en")
    )
    english.restricted = True
    for document in (french, spanish, english):
        document.save()
    SearchFacet.objects.create(document=english, name="restriction", value="5")
    engine._client.response = {"hits": {"total": 1, "hits": [version(french.pk, "fr", group="g-t")]}}
    public = engine.search(request("enfant", mode="lexical"))
    assert public.hits[0].translations == [("es", "/es/t/")]  # the restricted English version is not offered
    member = engine.search(request("enfant", mode="lexical", readable=frozenset({5})))
    assert member.hits[0].translations == [("en", "/en/t/"), ("es", "/es/t/")]
