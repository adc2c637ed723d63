"""Elasticsearch, opt-in: set ELASTICSEARCH_URL and the public search queries a cluster.

The SearchDocument and SearchFacet rows stay the source of truth; the cluster holds an index
rebuilt from them (`manage.py rebuild_search_index`). The database engine is kept up to date
beside it, so the site keeps searching when the cluster cannot be reached, and "did you mean"
reads the database's vocabulary of real words (the cluster only knows stems).

Environments sharing a cluster are told apart by ELASTICSEARCH_INDEX_PREFIX: the index is
`<prefix>-documents` (search.engines.elastic_builders.index_name). What is sent and read back
is built by the pure functions of elastic_builders; this module only talks to the cluster.

Readers and incremental updates use that name, an alias. A rebuild (`reset`, `store`...,
`optimise`) fills a new concrete index beside the live one, then moves the alias to it in one
`update_aliases` request and deletes the old index: searches never see an empty index, and a
failed rebuild leaves the alias where it was.

With an encoder (search.embeddings) each document is indexed with its vector, read from SearchVector, and
hybrid searches add the query's nearest neighbours, ranked by reciprocal rank fusion where the cluster
allows it (search.engines.elastic_hybrid: Elasticsearch 8.16+ and an Enterprise licence, else a union).
Results come one per translation group (elastic_groups); each hit's other versions are read from the
database's index (base.add_translations), which the engine keeps current beside the cluster's.
"""

import logging
import uuid
from collections import defaultdict
from contextlib import contextmanager
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection
from elasticsearch import ApiError, BadRequestError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import BulkIndexError, bulk

from ..embeddings import get_encoder
from ..models import SearchFacet, SearchVector
from .base import Engine, add_translations
from .elastic_builders import (
    build_name,
    document_body,
    index_body,
    index_name,
    parse_response,
    query_body,
    stale_builds,
    stored_vector,
    swap_actions,
)
from .elastic_hybrid import fused_bodies, fuses, meaning_vector, union_body
from .facet_index import current_index

logger = logging.getLogger(__name__)

TIMEOUT = 5  # seconds for a search: a reader waiting longer is better served by the database
BULK_TIMEOUT = 120  # seconds for a batch of (possibly long) documents
BULK_CHUNK = 100  # documents per bulk request: bodies reach 200,000 characters
REFUSED = (400, 403)  # what a cluster answers to an `rrf` retriever it cannot run: too old, or not licensed


class Unanswered(Exception):
    """A search of an msearch failed: the database answers instead."""


class ElasticsearchEngine(Engine):
    name = "elasticsearch"

    def __init__(self, database):
        self.database = database
        self._client = None
        self._client_url = None
        self._existing = set()  # index names known to exist, so `store` asks once
        self.building = None  # the concrete index a rebuild is filling, between `reset` and `optimise`
        self._block = None  # the transaction (atomic block) the rebuild runs in, if any
        self.fusion = True  # whether to rank hybrid searches with the `rrf` retriever, until the cluster refuses it

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

    def healthy(self):
        """The cluster answers a ping (the database engine behind it is asked too)."""
        return self.database.healthy() and bool(self.client.ping())

    def search(self, request):
        try:
            results = self.ask(request, meaning_vector(request))
        except (TransportError, ApiError, Unanswered) as error:
            logger.error("Elasticsearch cannot search (%s); the database answers instead.", error)
            return self.database.search(request)
        add_translations(current_index(), results.hits, request.readable)
        return results

    def ask(self, request, vector):
        """SearchResults from the cluster: one search, or two in one msearch for reciprocal rank fusion.

        A cluster refusing the `rrf` retriever is not asked it again by this process (a warning says so):
        hybrid searches then take the union of elastic_hybrid, which any licence allows."""
        if self.fusion and fuses(request, vector):
            page, counts = fused_bodies(request, vector)
            answers = self.client.msearch(index=self.index, searches=[{}, page, {}, counts]).body["responses"]
            errors = [answer["error"] for answer in answers if "error" in answer]
            if not errors:
                return parse_response(answers[0], request, counted=answers[1])
            # Only the page failing, as a cluster refuses what it cannot run: the union (the counts) went through.
            refused = "error" in answers[0] and "error" not in answers[1] and answers[0].get("status") in REFUSED
            if not refused:
                raise Unanswered(errors[0])
            self.fusion = False
            logger.warning(
                "Elasticsearch refuses the rrf retriever (%s): hybrid results are ranked by summed scores "
                "until restart. Reciprocal rank fusion needs Elasticsearch 8.16+ and an Enterprise licence.",
                answers[0]["error"],
            )
        body = query_body(request) if vector is None else union_body(request, vector)
        return parse_response(self.client.search(index=self.index, body=body).body, request)

    def store(self, rows):
        """Write the rows to the database engine, then to the index (created if missing), or to the
        rebuild's new index while there is one; with their facets and, with an encoder, their vectors
        (SearchVector, which search.indexing.write fills before).

        A cluster that cannot be reached is logged, not raised: editors can still publish, the
        database still finds the page, and a rebuild brings the index back in line. During a
        rebuild it is raised, after the new index is deleted: an incomplete index must not go live.
        """
        rows = list(rows)
        self.database.store(rows)
        if not rows:
            return
        facets = defaultdict(list)
        found = SearchFacet.objects.filter(document_id__in=[row.pk for row in rows])
        for document_id, name, value in found.values_list("document_id", "name", "value"):
            facets[document_id].append((name, value))
        vectors = stored_vectors(rows)
        building = self.rebuilding()
        index = building or self.index
        actions = (
            {
                "_op_type": "index",
                "_index": index,
                "_id": str(row.pk),
                "_source": document_body(row, facets[row.pk], vectors.get(row.pk)),
            }
            for row in rows
        )
        if building:
            with self.aborting():
                bulk(self.client.options(request_timeout=BULK_TIMEOUT), actions, chunk_size=BULK_CHUNK)
            return
        try:
            self.create_index()
            bulk(self.client.options(request_timeout=BULK_TIMEOUT), actions, chunk_size=BULK_CHUNK)
        except (TransportError, BulkIndexError):  # refused documents too: a mapping from before SEARCH_ENCODER changed
            logger.exception("Elasticsearch could not index %s documents; rebuild the search index.", len(rows))

    def forget(self, ids):
        ids = list(ids)
        self.database.forget(ids)
        if not ids:
            return
        index = self.rebuilding() or self.index  # a rebuild leaves the live index whole until it is replaced
        actions = ({"_op_type": "delete", "_index": index, "_id": str(pk)} for pk in ids)
        try:
            # A document (or the index) already gone is what was asked for.
            bulk(self.client.options(request_timeout=BULK_TIMEOUT), actions, chunk_size=500, ignore_status=(404,))
        except TransportError:
            logger.exception("Elasticsearch could not remove %s documents; rebuild the search index.", len(ids))

    def optimise(self):
        """Make what was just indexed searchable now; at the end of a rebuild, put the new index live.

        Unlike `store`, this raises when the cluster cannot be reached: it ends a rebuild, which
        must not report success when the index was not written (the new index is then deleted
        and the alias stays on the old one).
        """
        self.database.optimise()
        if not self.rebuilding():
            self.client.options(ignore_status=404).indices.refresh(index=self.index)
            return
        alias, new = self.index, self.building
        with self.aborting():
            self.client.indices.refresh(index=new)
            current = list(self.aliases(alias))
            self.client.indices.update_aliases(actions=swap_actions(alias, new, current))
        self.building = None
        self._existing.add(alias)
        old = [name for name in current if name not in (alias, new)]  # `remove_index` deleted a legacy index
        if old:
            try:
                self.client.options(ignore_status=404).indices.delete(index=",".join(old))
            except TransportError:
                logger.exception("Elasticsearch could not delete %s; the next rebuild deletes it.", old)

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
        """Start a rebuild: create a new, empty concrete index with the current mappings, which `store`
        fills and `optimise` puts live. The alias, and readers, stay on the old index until then.

        Builds left by rebuilds that failed or were interrupted are deleted first.
        """
        self.abort()
        alias = self.index
        stale = stale_builds(self.aliases(f"{alias}-*"), alias)
        if stale:
            self.client.options(ignore_status=404).indices.delete(index=",".join(stale))
        new = build_name(alias, datetime.now(UTC), uuid.uuid4().hex[:6])
        self.client.indices.create(index=new, body=index_body())
        self.building = new
        self._block = connection.atomic_blocks[-1] if connection.in_atomic_block else None

    def rebuilding(self):
        """The index the rebuild under way fills, or None.

        A rebuild whose transaction ended without `optimise` failed outside the engine (search.indexing
        does not tell it): that build is deleted here, so later writes go to the alias again.
        """
        if self.building and self._block is not None and all(b is not self._block for b in connection.atomic_blocks):
            logger.warning("The rebuild into %s did not complete; its index is deleted.", self.building)
            try:
                self.abort()
            except TransportError:  # a stale build: the next rebuild deletes it
                logger.exception("Elasticsearch could not delete the failed rebuild's index.")
        return self.building

    def abort(self):
        """Give up the rebuild under way, if any: its index is deleted, the alias is untouched."""
        new, self.building = self.building, None
        if new:
            self.client.options(ignore_status=404).indices.delete(index=new)

    @contextmanager
    def aborting(self):
        """Abort the rebuild if the block raises, then raise."""
        try:
            yield
        except BaseException:
            try:
                self.abort()
            except TransportError:
                logger.exception("Elasticsearch could not delete the failed rebuild's index.")
            raise

    def aliases(self, name):
        """{concrete index: {"aliases": {...}}} of the indices `name` (an alias, index or pattern) resolves to."""
        try:
            return self.client.indices.get_alias(index=name).body
        except NotFoundError:
            return {}


def stored_vectors(rows):
    """{document id: list of floats} of the rows' vectors of the current encoder (one query; none without)."""
    encoder = get_encoder()
    if encoder is None:
        return {}
    found = SearchVector.objects.filter(document_id__in=[row.pk for row in rows], encoder=encoder.name)
    vectors = ((pk, stored_vector(data, encoder.dimensions)) for pk, data in found.values_list("document_id", "data"))
    return {pk: vector for pk, vector in vectors if vector is not None}
