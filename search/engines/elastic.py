"""Elasticsearch, opt-in: set ELASTICSEARCH_URL and the public search queries a cluster.

The SearchDocument and SearchFacet rows stay the source of truth; the cluster holds an index
rebuilt from them (`manage.py rebuild_search_index`). The database engine is kept up to date
beside it, so the site keeps searching when the cluster cannot be reached, and "did you mean"
reads the database's vocabulary of real words (the cluster only knows stems).

Environments sharing a cluster are told apart by ELASTICSEARCH_INDEX_PREFIX: the index is
`<prefix>-documents` (search.engines.elastic_builders.index_name). What is sent and read back
is built by the pure functions of elastic_builders; this module only talks to the cluster.
"""

import logging
from collections import defaultdict

from django.conf import settings
from elasticsearch import BadRequestError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import bulk

from ..models import SearchFacet
from .base import Engine
from .elastic_builders import document_body, index_body, index_name, parse_response, query_body

logger = logging.getLogger(__name__)

TIMEOUT = 5  # seconds for a search: a reader waiting longer is better served by the database
BULK_TIMEOUT = 120  # seconds for a batch of (possibly long) documents
BULK_CHUNK = 100  # documents per bulk request: bodies reach 200,000 characters


class ElasticsearchEngine(Engine):
    name = "elasticsearch"

    def __init__(self, database):
        self.database = database
        self._client = None
        self._client_url = None
        self._existing = set()  # index names known to exist, so `store` asks once

    @property
    def client(self):
        """Built on first use, and again if ELASTICSEARCH_URL changed (settings overridden in tests)."""
        url = settings.ELASTICSEARCH_URL
        if self._client is None or self._client_url != url:
            self._client = Elasticsearch(url, request_timeout=TIMEOUT, max_retries=1, retry_on_timeout=False)
            self._client_url = url
        return self._client

    @property
    def index(self):
        return index_name()

    def search(self, request):
        try:
            response = self.client.search(index=self.index, body=query_body(request))
        except (TransportError, NotFoundError) as error:
            logger.error("Elasticsearch cannot search (%s); the database answers instead.", error)
            return self.database.search(request)
        return parse_response(response.body, request)

    def store(self, rows):
        """Write the rows to the database engine, then to the index (created if missing).

        A cluster that cannot be reached is logged, not raised: editors can still publish, the
        database still finds the page, and a rebuild brings the index back in line.
        """
        rows = list(rows)
        self.database.store(rows)
        if not rows:
            return
        facets = defaultdict(list)
        found = SearchFacet.objects.filter(document_id__in=[row.pk for row in rows])
        for document_id, name, value in found.values_list("document_id", "name", "value"):
            facets[document_id].append((name, value))
        index = self.index
        actions = (
            {"_op_type": "index", "_index": index, "_id": str(row.pk), "_source": document_body(row, facets[row.pk])}
            for row in rows
        )
        try:
            self.create_index()
            bulk(self.client.options(request_timeout=BULK_TIMEOUT), actions, chunk_size=BULK_CHUNK)
        except TransportError:
            logger.exception("Elasticsearch could not index %s documents; rebuild the search index.", len(rows))

    def forget(self, ids):
        ids = list(ids)
        self.database.forget(ids)
        if not ids:
            return
        index = self.index
        actions = ({"_op_type": "delete", "_index": index, "_id": str(pk)} for pk in ids)
        try:
            # A document (or the index) already gone is what was asked for.
            bulk(self.client.options(request_timeout=BULK_TIMEOUT), actions, chunk_size=500, ignore_status=(404,))
        except TransportError:
            logger.exception("Elasticsearch could not remove %s documents; rebuild the search index.", len(ids))

    def optimise(self):
        """Make what was just indexed searchable now rather than at the next refresh.

        Unlike `store`, this raises when the cluster cannot be reached: it ends a rebuild, which
        must not report success when the index was not written.
        """
        self.database.optimise()
        self.client.options(ignore_status=404).indices.refresh(index=self.index)

    def similar_words(self, word, language):
        """From the database's vocabulary: its words are whole words a reader can be offered,
        where the index's terms are stems (`egalit`)."""
        return self.database.similar_words(word, language)

    def create_index(self):
        """Create the index with index_body() unless it exists."""
        index = self.index
        if index in self._existing:
            return
        if not self.client.indices.exists(index=index):
            try:
                self.client.indices.create(index=index, body=index_body())
            except BadRequestError as error:
                if error.error != "resource_already_exists_exception":  # another process was first
                    raise
        self._existing.add(index)

    def reset(self):
        """Delete the index and create it empty, with the current mappings (after they change)."""
        index = self.index
        self.client.options(ignore_status=404).indices.delete(index=index)
        self._existing.discard(index)
        self.create_index()
