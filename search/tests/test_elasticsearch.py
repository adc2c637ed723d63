"""The Elasticsearch engine: its storage and fallback with the cluster replaced by a recorder, and searches
on a real cluster. The tests marked `needs_cluster` index documents into the cluster at ELASTICSEARCH_URL,
under an index prefix of their own; without that variable they are reported as skipped, never passed.
"""

import os
import uuid

import pytest
from django.db import connection
from django.test import override_settings
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ConnectionError as ElasticsearchConnectionError
from elasticsearch import NotFoundError

from search.engines import database_engine, elastic
from search.engines.base import SearchResults
from search.engines.elastic import ElasticsearchEngine
from search.engines.elastic_builders import document_body, query_body
from search.models import SearchDocument, SearchFacet

from .elastic_fixtures import RESPONSE, request, row

needs_cluster = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to test against",
)


# The engine, with the cluster replaced by a recorder


class Recorder:
    """Stands for the Elasticsearch client: records calls, answers with `response` or raises `error`."""

    def __init__(self, response=None, error=None):
        self.calls, self.response, self.error = [], response, error
        self.indices = self

    def options(self, **options):
        return self

    def search(self, **kwargs):
        self.calls.append(("search", kwargs))
        if self.error:
            raise self.error
        return type("Response", (), {"body": self.response})()

    def exists(self, index):
        self.calls.append(("exists", index))
        return False

    def create(self, index, body):
        self.calls.append(("create", index))

    def delete(self, index):
        self.calls.append(("delete", index))

    def refresh(self, index):
        self.calls.append(("refresh", index))


class Database:
    def __init__(self):
        self.calls = []

    def store(self, rows):
        self.calls.append(("store", [row.pk for row in rows]))

    def forget(self, ids):
        self.calls.append(("forget", list(ids)))

    def optimise(self):
        self.calls.append(("optimise",))

    def search(self, request):
        self.calls.append(("search", request))
        return SearchResults(total=0, hits=[])

    def similar_words(self, word, language):
        return ["egalite"]


@pytest.fixture
def recorded(monkeypatch, settings):
    settings.ELASTICSEARCH_URL = "http://elasticsearch.invalid:9200"
    settings.ELASTICSEARCH_INDEX_PREFIX = "unit"
    sent = []
    monkeypatch.setattr(elastic, "bulk", lambda client, actions, **options: sent.append((list(actions), options)))
    engine = ElasticsearchEngine(Database())
    engine._client, engine._client_url = Recorder(RESPONSE), settings.ELASTICSEARCH_URL
    return engine, sent


@pytest.mark.django_db
def test_store_writes_the_database_then_the_index_with_each_document_s_facets(recorded):
    engine, sent = recorded
    document = row(pk=None, source="page:1")
    document.save()
    SearchFacet.objects.create(document=document, name="theme", value="gender-equality")
    SearchFacet.objects.create(document=document, name="country", value="SN")
    engine.store([document])
    assert engine.database.calls == [("store", [document.pk])]
    assert engine.client.calls == [("exists", "unit-documents"), ("create", "unit-documents")]
    ((actions, _options),) = sent
    assert actions == [
        {
            "_op_type": "index",
            "_index": "unit-documents",
            "_id": str(document.pk),
            "_source": document_body(document, [("theme", "gender-equality"), ("country", "SN")]),
        }
    ]
    engine.store([document])
    assert engine.client.calls.count(("create", "unit-documents")) == 1  # the index is known to exist now


def test_forget_removes_from_the_database_and_the_index(recorded):
    engine, sent = recorded
    engine.forget([3, 4])
    assert engine.database.calls == [("forget", [3, 4])]
    ((actions, options),) = sent
    assert [(action["_op_type"], action["_id"]) for action in actions] == [("delete", "3"), ("delete", "4")]
    assert options["ignore_status"] == (404,)


def test_search_reads_the_cluster_s_answer(recorded):
    engine, _sent = recorded
    results = engine.search(request("enfant"))
    assert [hit.id for hit in results.hits] == [7, 9]
    ((_name, kwargs),) = engine.client.calls
    assert kwargs == {"index": "unit-documents", "body": query_body(request("enfant"))}


NOT_FOUND = ApiResponseMeta(404, "1.1", HttpHeaders(), 0.0, NodeConfig("http", "elasticsearch.invalid", 9200))


@pytest.mark.parametrize(
    "error", [ElasticsearchConnectionError("down"), NotFoundError("index_not_found_exception", NOT_FOUND, {})]
)
def test_the_database_answers_when_the_cluster_cannot(recorded, error):
    engine, _sent = recorded
    engine._client.error = error
    assert engine.search(request("enfant")).total == 0
    assert engine.database.calls[0][0] == "search"


def test_reset_recreates_the_index_and_similar_words_come_from_the_database(recorded):
    engine, _sent = recorded
    engine.reset()
    engine.optimise()
    assert engine.client.calls == [
        ("delete", "unit-documents"),
        ("exists", "unit-documents"),
        ("create", "unit-documents"),
        ("refresh", "unit-documents"),
    ]
    assert engine.similar_words("egalte", "fr") == ["egalite"]


# On a real cluster


@pytest.fixture
def cluster():
    """An engine on the cluster at ELASTICSEARCH_URL, with an index of its own, deleted afterwards."""
    prefix = f"socialab-test-{uuid.uuid4().hex[:8]}"
    with override_settings(ELASTICSEARCH_URL=os.environ["ELASTICSEARCH_URL"], ELASTICSEARCH_INDEX_PREFIX=prefix):
        engine = ElasticsearchEngine(database_engine(connection.vendor))
        engine.reset()
        try:
            yield engine
        finally:
            engine.client.options(ignore_status=404).indices.delete(index=engine.index)


@pytest.fixture
def indexed(cluster):
    documents = [
        ("page:1", "fr", "Conseils d'enfants dans les quartiers", "Des enfants élus donnent leur avis.", {"theme": ["participation"], "country": ["TG"]}),
        ("page:2", "fr", "Justice adaptée à chaque enfant", "Un enfant victime de violence scolaire.", {"theme": ["justice-for-children"], "country": ["MA"]}),
        ("page:3", "fr", "Égalité des filles à l'école", "L'égalité entre filles et garçons.", {"theme": ["gender-equality"], "country": ["SN"]}),
        ("page:4", "es", "Consejos de niñas y niños", "La protección de las niñas.", {"theme": ["participation"], "country": ["TG"]}),
    ]  # fmt: skip
    rows = []
    for number, (source, language, title, summary, facets) in enumerate(documents, start=1):
        document = SearchDocument.objects.create(
            source=source, group=f"g-{number}", language=language, original_language=language, kind="page",
            title=title, title_folded=title.lower(), summary=summary, url=f"/{language}/{number}/",
        )  # fmt: skip
        SearchFacet.objects.bulk_create(
            SearchFacet(document=document, name=name, value=value)
            for name, values in facets.items()
            for value in values
        )
        rows.append(document)
    cluster.store(rows)
    cluster.optimise()
    return cluster


def found(engine, text, **options):
    return {hit.title for hit in engine.search(request(text, **options)).hits}


@needs_cluster
@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["enfant", "enfants", "ENFANTS"])
def test_cluster_french_singular_and_plural_find_each_other(indexed, typed):
    assert found(indexed, typed) == {"Conseils d'enfants dans les quartiers", "Justice adaptée à chaque enfant"}


@needs_cluster
@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["egalite", "égalité", "EGALITES"])
def test_cluster_french_accents_do_not_matter(indexed, typed):
    results = indexed.search(request(typed))
    assert [hit.title for hit in results.hits] == ["Égalité des filles à l'école"]
    assert "<mark>" in results.hits[0].highlight


@needs_cluster
@pytest.mark.django_db
def test_cluster_phrase_or_and_exclusion(indexed):
    assert found(indexed, '"violence scolaire"') == {"Justice adaptée à chaque enfant"}
    assert found(indexed, '"scolaire violence"') == set()
    assert found(indexed, "victime or garçons") == {"Justice adaptée à chaque enfant", "Égalité des filles à l'école"}
    assert found(indexed, "enfant -violence") == {"Conseils d'enfants dans les quartiers"}
    assert found(indexed, "les") == set()  # only a stop word


@needs_cluster
@pytest.mark.django_db
def test_cluster_facet_counts_leave_out_their_own_selection(indexed):
    results = indexed.search(request("", filters={"theme": ["participation"]}))
    assert [hit.title for hit in results.hits] == ["Conseils d'enfants dans les quartiers"]
    assert results.facets["theme"] == {"participation": 1, "justice-for-children": 1, "gender-equality": 1}
    assert results.facets["country"] == {"TG": 1}
    assert results.facets["language"] == {"fr": 1, "es": 1}


@needs_cluster
@pytest.mark.django_db
def test_cluster_forget_removes_a_document(indexed):
    document = SearchDocument.objects.get(source="page:2")
    indexed.forget([document.pk])
    indexed.optimise()
    assert found(indexed, "enfant") == {"Conseils d'enfants dans les quartiers"}
