"""Hybrid search on Elasticsearch without a cluster: the vector in the mapping and the documents, the
reciprocal rank fusion of the words and the nearest neighbours, and what the engine does when a cluster
refuses it. The encoder is a small fake (elastic_fixtures.FakeEncoder): what is tested is what is sent."""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from elasticsearch.helpers import BulkIndexError

from search.embeddings import get_encoder, to_bytes
from search.engines import elastic
from search.engines.elastic_builders import (
    document_body,
    facet_filters,
    index_body,
    matching,
    query_body,
    readable_filter,
    stored_vector,
    year_filters,
)
from search.engines.elastic_hybrid import fused_bodies, meaning_vector, rank_window, union_body
from search.engines.ranking import MAX_NEIGHBOURS, RRF_K, SIMILARITY_FLOOR
from search.models import SearchFacet, SearchVector

from . import elastic_fixtures
from .elastic_fixtures import FAKE_ENCODER, RESPONSE, request, row

recorded = elastic_fixtures.recorded  # the shared fixture, where pytest finds it

VECTOR = [0.5, 0.5, 0.5, 0.5]
HYBRID = "enfants victimes"  # words enough for their meaning to be looked for (ParsedQuery.meaning)


@pytest.fixture
def fake_encoder(settings):
    settings.SEARCH_ENCODER = FAKE_ENCODER
    return get_encoder()


def knn_clauses(body):
    """Every `knn` object of a request body, retriever or query."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "knn":
                    found.append(item)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(body)
    return found


def lexical_filters(search):
    """The filters and exclusions of the words' query (query_body), its guard against only stop words aside."""
    lexical = query_body(search)["query"]["bool"]
    guarded = bool(search.query.groups)
    filters = lexical["filter"][:-1] if guarded else lexical["filter"]
    return [*filters, *([{"bool": {"must_not": lexical["must_not"]}}] if lexical["must_not"] else [])]


# The mapping and the documents


def test_the_mapping_has_a_dense_vector_only_with_an_encoder(settings, fake_encoder):
    vector = index_body()["mappings"]["properties"]["vector"]
    assert vector == {
        "type": "dense_vector",
        "dims": fake_encoder.dimensions,
        "index": True,
        "similarity": "cosine",
        "index_options": {"type": "int8_hnsw"},
    }
    settings.SEARCH_ENCODER = ""
    assert "vector" not in index_body()["mappings"]["properties"]  # strict: no document may send one


def test_the_real_encoder_gives_512_dimensions():
    assert index_body()["mappings"]["properties"]["vector"]["dims"] == 512


def test_a_document_carries_its_vector(fake_encoder):
    body = document_body(row(), [], VECTOR)
    assert body["vector"] == VECTOR
    assert set(body) <= set(index_body()["mappings"]["properties"])
    assert "vector" not in document_body(row(), [])
    assert "vector" in query_body(request("enfants"))["_source"]["excludes"]  # hits never bring it back


def test_a_stored_vector_is_sent_as_floats_unless_zero_or_of_other_dimensions():
    assert stored_vector(to_bytes(np.array(VECTOR)), 4) == VECTOR
    assert stored_vector(to_bytes(np.zeros(4)), 4) is None  # a zero vector has no cosine: Elasticsearch refuses it
    assert stored_vector(to_bytes(np.array(VECTOR)), 512) is None
    assert stored_vector(None, 4) is None


@pytest.mark.django_db
def test_store_reads_the_rows_vectors_in_one_query_and_sends_them(recorded):
    engine, sent = recorded
    documents = [row(pk=None, source=f"page:{n}", key=f"k{n}") for n in (1, 2)]
    for document in documents:
        document.save()
    first, second = documents
    SearchVector.objects.create(document=first, encoder="fake-4", data=to_bytes(np.array(VECTOR)))
    SearchVector.objects.create(document=second, encoder="another-encoder", data=to_bytes(np.array(VECTOR)))
    SearchFacet.objects.create(document=first, name="theme", value="participation")
    with CaptureQueriesContext(connection) as queries:
        engine.store(documents)
    assert sum("search_searchvector" in query["sql"] for query in queries.captured_queries) == 1
    ((actions, _options),) = sent
    sources = {action["_id"]: action["_source"] for action in actions}
    assert sources[str(first.pk)]["vector"] == VECTOR
    assert sources[str(first.pk)] == document_body(first, [("theme", "participation")], VECTOR)
    assert "vector" not in sources[str(second.pk)]  # another encoder's vector is not this index's


@pytest.mark.django_db
def test_documents_the_index_refuses_are_logged_and_publishing_goes_on(recorded, monkeypatch, caplog):
    """An index built before embeddings were switched on has no `vector` field: rebuild it."""
    engine, _sent = recorded

    def refused(client, actions, **options):
        raise BulkIndexError("1 document(s) failed to index.", [{"index": {"error": "strict_dynamic_mapping"}}])

    monkeypatch.setattr(elastic, "bulk", refused)
    document = row(pk=None, source="page:1")
    document.save()
    engine.store([document])
    assert "rebuild the search index" in caplog.text


# The searches sent


def test_the_query_s_meaning_is_encoded_only_in_hybrid_mode(settings, fake_encoder):
    assert meaning_vector(request("traite des enfants")) == pytest.approx(
        fake_encoder.encode(["traite des enfants"])[0].tolist()
    )
    assert meaning_vector(request("traite des enfants", mode="lexical")) is None
    assert meaning_vector(request('"traite des enfants"')) is None  # the reader asked for those very words
    assert meaning_vector(request("")) is None
    settings.SEARCH_ENCODER = ""
    assert meaning_vector(request("traite des enfants")) is None


def test_a_hybrid_search_fuses_the_words_and_the_nearest_neighbours_by_rank():
    search = request("traite enfants", filters={"country": ["TG"]})
    page, counts = fused_bodies(search, VECTOR)
    rrf = page["retriever"]["rrf"]
    standard, knn = rrf["retrievers"][0]["standard"], rrf["retrievers"][1]["knn"]
    words, _eligible, _must_not = matching(search)
    assert standard["query"] == words
    assert standard["filter"] == list(facet_filters(search).values())  # the window holds only results
    assert knn["field"] == "vector" and knn["query_vector"] == VECTOR
    assert knn["k"] == MAX_NEIGHBOURS and knn["num_candidates"] >= knn["k"]
    assert knn["similarity"] == SIMILARITY_FLOOR
    assert rrf["rank_constant"] == RRF_K
    assert page["size"] <= rrf["rank_window_size"] <= 10_000
    assert "sort" not in page and "query" not in page and "aggs" not in page  # rrf refuses sort
    assert page["post_filter"] == query_body(search)["post_filter"]  # the facet filters narrow the neighbours
    assert page["highlight"]["highlight_query"] == words  # the words are marked, whoever found the hit
    # The counts: the same documents, the words' matches or the neighbours, and no page.
    assert counts["size"] == 0
    assert counts["query"]["bool"]["should"][0] == words
    assert counts["query"]["bool"]["should"][1]["knn"] == knn
    assert set(counts["aggs"]) == {*query_body(search)["aggs"], "found"}
    assert counts["aggs"]["found"]["filter"] == query_body(search)["post_filter"]


def test_the_neighbours_pass_the_filters_of_the_words_matches():
    search = request(
        'violence -scolaire -"conseil municipal"', languages=["fr", "es"], year_from=2020, exclude_groups=("g-1",)
    )
    page, counts = fused_bodies(search, VECTOR)
    expected = lexical_filters(search)
    assert [clause["filter"] for clause in knn_clauses(page)] == [expected]
    assert [clause["filter"] for clause in knn_clauses(counts)] == [expected]
    assert {"terms": {"language": ["fr", "es", "en"]}} in expected
    assert readable_filter(search) in expected
    assert all(clause in expected for clause in year_filters(search))
    excluded = expected[-1]["bool"]["must_not"]
    assert [clause["multi_match"]["query"] for clause in excluded[0]["bool"]["should"]] == [
        "scolaire",
        "conseil municipal",
    ]
    assert excluded[1] == {"terms": {"group": ["g-1"]}}


@pytest.mark.parametrize("readable", [frozenset(), frozenset({3, 8})])
def test_a_restricted_document_never_comes_back_through_the_neighbours(readable):
    """The kNN search is filtered by the reader's restrictions before it searches, in every form it takes."""
    search = request("enfants", readable=readable)
    page, counts = fused_bodies(search, VECTOR)
    bodies = [page, counts, union_body(request("enfants", readable=readable, sort="newest"), VECTOR)]
    clauses = [clause for body in bodies for clause in knn_clauses(body)]
    assert len(clauses) == 3
    for clause in clauses:
        assert readable_filter(search) in clause["filter"]
    if not readable:
        assert {"bool": {"must_not": {"exists": {"field": "restrictions"}}}} in clauses[0]["filter"]
        assert "terms_set" not in str(clauses)


def test_newest_first_the_neighbours_join_the_words_in_one_query():
    search = request("traite enfants", sort="newest")
    body = union_body(search, VECTOR)
    words, _eligible, _must_not = matching(search)
    assert body["query"] == {"bool": {"should": [words, {"knn": knn_clauses(body)[0]}], "minimum_should_match": 1}}
    assert body["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}
    assert "retriever" not in body


@pytest.mark.parametrize(
    "search", [request("traite enfants", mode="lexical"), request('"traite des enfants"'), request("")]
)
def test_lexical_mode_a_quoted_phrase_or_no_words_send_no_neighbours(fake_encoder, search):
    body = query_body(search)
    assert meaning_vector(search) is None
    assert knn_clauses(body) == [] and "retriever" not in body


def test_the_rank_window_covers_the_page_asked_with_every_version_of_its_groups():
    assert rank_window(request("enfants")) == 1000
    assert rank_window(request("enfants", page=40, reader_language="fr")) == 2000  # 400 groups × 3 versions
    assert rank_window(request("enfants", page=1000)) == 10_000


# The engine


def fused_answers(page=None, counts=None):
    counts = counts or {"hits": {"hits": []}, "aggregations": {**RESPONSE["aggregations"], "found": {"doc_count": 2}}}
    return [page or RESPONSE, counts]


@pytest.mark.django_db
def test_a_hybrid_search_sends_both_searches_in_one_msearch(recorded):
    engine, _sent = recorded
    engine._client.answers = fused_answers()
    results = engine.search(request(HYBRID))
    ((name, kwargs),) = engine.client.calls
    assert name == "msearch"
    header, page, header_again, counts = kwargs["searches"]
    assert header == header_again == {}
    assert (page, counts) == fused_bodies(request(HYBRID), meaning_vector(request(HYBRID)))
    assert [hit.id for hit in results.hits] == [7, 9]
    assert results.total == 2  # from the counts, not from the page
    assert results.facets["language"] == {"fr": 12, "es": 2}


@pytest.mark.django_db
@pytest.mark.parametrize("status", [400, 403])
def test_a_cluster_refusing_rrf_is_asked_the_union_from_then_on(recorded, status, caplog):
    engine, _sent = recorded
    refused = {"error": {"type": "security_exception", "reason": "current license is non-compliant"}, "status": status}
    engine._client.answers = fused_answers(page=refused)
    results = engine.search(request(HYBRID))
    assert [name for name, _kwargs in engine.client.calls] == ["msearch", "search"]
    assert engine.client.calls[1][1]["body"] == union_body(request(HYBRID), meaning_vector(request(HYBRID)))
    assert [hit.id for hit in results.hits] == [7, 9]
    assert "rrf retriever" in caplog.text and "Enterprise" in caplog.text
    engine.search(request(HYBRID))
    assert [name for name, _kwargs in engine.client.calls] == ["msearch", "search", "search"]


def test_a_failed_search_of_the_msearch_lets_the_database_answer(recorded):
    engine, _sent = recorded
    failed = {"error": {"type": "index_not_found_exception"}, "status": 404}
    engine._client.answers = [failed, failed]
    assert engine.search(request(HYBRID)).total == 0
    assert engine.database.calls[0][0] == "search"
    assert engine.fusion  # not a refusal of rrf
