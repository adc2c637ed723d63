"""What the Elasticsearch test modules share: a request, a document row, a cluster's answer, a recorder standing
for the cluster, an engine on a real cluster (tests marked `needs_cluster`) and a small fake encoder."""

import os
import uuid
from datetime import UTC, datetime

import numpy as np
import pytest
from django.db import connection
from django.test import override_settings
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ConnectionError as ElasticsearchConnectionError
from elasticsearch import NotFoundError

from search.embeddings import Encoder
from search.engines import database_engine, elastic
from search.engines.base import SearchRequest, SearchResults
from search.engines.elastic import ElasticsearchEngine
from search.engines.elastic_builders import index_body
from search.models import SearchDocument
from search.query import parse

needs_cluster = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to test against",
)

LANGUAGES = ["fr", "es", "en"]


def request(text="", **options):
    return SearchRequest(query=parse(text), **{"languages": ["fr"], "all_languages": LANGUAGES, **options})


def row(**fields):
    defaults = {
        "pk": 7,
        "source": "page:7",
        "group": "g-7",
        "language": "fr",
        "original_language": "fr",
        "key": "egalite-senegal",
        "kind": "innovative-initiative",
        "title": "Égalité des filles à l'école",
        "summary": "L'égalité s'apprend.",
        "keywords": "genre",
        "body": "Un long texte.",
        "url": "/fr/pratiques/egalite/",
        "date": datetime(2024, 3, 1, 12, 0, tzinfo=UTC),
        "year_start": 2020,
        "year_end": 2022,
    }
    return SearchDocument(**{**defaults, **fields})


# A cluster's answer to a search, as the engine reads it.
RESPONSE = {
    "hits": {
        "total": {"value": 12, "relation": "eq"},
        "hits": [
            {
                "_id": "7",
                "_score": 3.5,
                "_source": {
                    "id": 7,
                    "language": "fr",
                    "original_language": "fr",
                    "group": "g-7",
                    "key": "justice-maroc",
                    "document_kind": "innovative-initiative",
                    "url": "/fr/pratiques/justice/",
                    "date": "2024-03-01T12:00:00+00:00",
                    "title_fr": "Justice adaptée à chaque enfant",
                    "summary_fr": "Un enfant <b>victime</b> est entendu.",
                },
                "highlight": {
                    "summary_fr": ["Un \x02enfant\x03 <b>victime</b> est entendu."],
                    "body_fr": ["chaque \x02enfant\x03 & sa famille"],
                },
            },
            {
                "_id": "9",
                "_score": None,
                "_source": {"id": 9, "language": "pt", "group": "g-9", "url": "/pt/x/", "title_other": "Meninas"},
            },
        ],
    },
    "aggregations": {
        "theme": {"doc_count": 5, "values": {"buckets": [{"key": "gender-equality", "doc_count": 3}]}},
        "gender_marker": {"doc_count": 5, "values": {"buckets": [{"key": "2", "doc_count": 1}]}},
        "language": {
            "doc_count": 14,
            "values": {"buckets": [{"key": "fr", "doc_count": 12}, {"key": "es", "doc_count": 2}]},
        },
    },
}


# The cluster replaced by a recorder


class Recorder:
    """Stands for the Elasticsearch client: records calls, answers with `response` or raises `error`.

    `aliases` is what get_alias answers, by the name or pattern asked; `failing` names a call that raises;
    `answers` are msearch's answers, one per search.
    """

    def __init__(self, response=None, error=None, aliases=None, failing=None, answers=None):
        self.calls, self.response, self.error, self.answers = [], response, error, answers or []
        self.aliases, self.failing = aliases or {}, failing
        self.indices = self

    def options(self, **options):
        return self

    def search(self, **kwargs):
        self.calls.append(("search", kwargs))
        if self.error:
            raise self.error
        return type("Response", (), {"body": self.response})()

    def msearch(self, **kwargs):
        self.calls.append(("msearch", kwargs))
        if self.error:
            raise self.error
        return type("Response", (), {"body": {"responses": self.answers}})()

    def exists(self, index):
        self.calls.append(("exists", index))
        return False

    def create(self, index, body):
        assert body == index_body()
        self.calls.append(("create", index))

    def delete(self, index):
        self.calls.append(("delete", index))

    def refresh(self, index):
        self.calls.append(("refresh", index))
        if self.failing == "refresh":
            raise ElasticsearchConnectionError("down")

    def get_alias(self, index):
        self.calls.append(("get_alias", index))
        if index not in self.aliases:
            raise NotFoundError("index_not_found_exception", NOT_FOUND, {})
        return type("Response", (), {"body": self.aliases[index]})()

    def update_aliases(self, actions):
        self.calls.append(("update_aliases", actions))


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
    settings.SEARCH_ENCODER = FAKE_ENCODER  # hybrid searches without loading the real encoder's weights
    sent = []
    engine = ElasticsearchEngine(Database())
    engine._client, engine._client_url = Recorder(RESPONSE), settings.ELASTICSEARCH_URL

    def bulk(client, actions, **options):
        actions = list(actions)
        sent.append((actions, options))
        engine._client.calls.append(("bulk", sorted({action["_index"] for action in actions})))
        if engine._client.failing == "bulk":
            raise ElasticsearchConnectionError("down")

    monkeypatch.setattr(elastic, "bulk", bulk)
    return engine, sent


NOT_FOUND = ApiResponseMeta(404, "1.1", HttpHeaders(), 0.0, NodeConfig("http", "elasticsearch.invalid", 9200))


# A real cluster


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
            engine.abort()
            names = list(engine.aliases(f"{engine.index}*"))
            if names:
                engine.client.options(ignore_status=404).indices.delete(index=",".join(names))


class FakeEncoder(Encoder):
    """Four dimensions, each text's vector from its words' first letters: near for texts that share them."""

    name = "fake-4"
    dimensions = 4

    def encode(self, texts):
        vectors = np.full((len(texts), self.dimensions), 0.1, dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                vectors[row, ord(word[0]) % self.dimensions] += 1.0
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


FAKE_ENCODER = "search.tests.elastic_fixtures.FakeEncoder"
