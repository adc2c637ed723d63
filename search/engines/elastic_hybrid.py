"""Hybrid search on Elasticsearch: the words' matches and the nearest neighbours of the query's meaning.

What is found is what DatabaseEngine.search finds: every document the words match, and the MAX_NEIGHBOURS
documents nearest to the query's meaning (search.query.ParsedQuery.meaning, read by the encoder of
search.embeddings) with a cosine of at least SIMILARITY_FLOOR, among the documents any result may be (the
languages, the reader's restrictions and years; no excluded word, no group already shown: `nearest`). Facet
filters narrow both; the facets count both. Lexical mode, no encoder or a quoted phrase: no neighbours.

By relevance, reciprocal rank fusion ranks them, with search.engines.ranking's RRF_K: an `rrf` retriever
over a `standard` retriever (the words) and a `knn` retriever (`fused_bodies`). That needs
- Elasticsearch 8.16 or later: the retriever API is GA there, and `rrf` accepts collapse, highlighting and
  `from` (before, `sort`, `collapse` and highlighting were refused with it; `sort` still is);
- a licence that includes reciprocal rank fusion: Enterprise (or a trial) on a self-managed cluster, as on
  Elastic Cloud's Enterprise tier. The free Basic licence refuses the request (403).
A cluster that refuses it is asked once: the engine then logs a warning and, until the process restarts,
sends the union below instead, ranked by the words' score plus the neighbours' similarity, a cruder order.

The union (`union_body`): the words' query or a `knn` query with the same filter, k and similarity, in a
`bool.should`. It serves newest-first searches (`sort` cannot go with `rrf`) and clusters refusing `rrf`;
the `knn` query's `k` needs Elasticsearch 8.15 or later, and no licence.

The `rrf` retriever ranks the first `rank_window_size` documents of each retriever, and its aggregations would
count what its retrievers found. So the facet filters narrow the words' retriever itself (else a selective filter
could leave the window without one of its results) and, as `post_filter`, the neighbours; the total and the facet
counts come from a second search sent with it in one `msearch`, the union with `size: 0`.
"""

from dataclasses import replace

from ..embeddings import encode, get_encoder
from .elastic_builders import MAX_WINDOW, VECTOR, facet_filters, matching, query_body
from .elastic_groups import found_agg
from .ranking import MAX_NEIGHBOURS, RRF_K, SIMILARITY_FLOOR

NUM_CANDIDATES = 1000  # nearest candidates per shard (HNSW); Elasticsearch searches exactly when a filter leaves fewer
WINDOW_STEP = 1000  # rank_window_size grows by steps, so that the pages of a search share one window and one order


def meaning_vector(request):
    """The query's meaning as a list of floats for a hybrid search, or None (lexical mode, no encoder, nothing
    the encoder should read)."""
    encoder = get_encoder()
    if request.mode != "hybrid" or encoder is None or not request.query.meaning:
        return None
    return [float(value) for value in encode([request.query.meaning], encoder)[0]]


def nearest(vector, eligible, must_not):
    """The kNN search of a hybrid search (a `knn` retriever, or a `knn` query): filtered before it searches by
    what every result passes, a document under a restriction the reader does not pass included."""
    filters = [*eligible, *([{"bool": {"must_not": must_not}}] if must_not else [])]
    return {
        "field": VECTOR,
        "query_vector": vector,
        "k": MAX_NEIGHBOURS,
        "num_candidates": max(MAX_NEIGHBOURS, NUM_CANDIDATES),
        "similarity": SIMILARITY_FLOOR,  # the cosine itself, not the score (1 + cosine) / 2
        "filter": filters,
    }


def rank_window(request):
    """Documents each retriever ranks: enough for the page asked, where each result may stand for every
    version of its group; rounded up to WINDOW_STEP, at most Elasticsearch's result window."""
    versions = len(set(request.all_languages) | set(request.languages)) if request.reader_language else 1
    wanted = (min(request.offset, MAX_WINDOW) + request.per_page) * max(1, versions)
    return min(MAX_WINDOW, WINDOW_STEP * max(1, -(-wanted // WINDOW_STEP)))  # at least one step: a count asks none


def union_body(request, vector):
    """query_body(request) finding the nearest neighbours of `vector` besides the words' matches."""
    _words, eligible, must_not = matching(request)
    body = query_body(request)
    neighbours = {"knn": nearest(vector, eligible, must_not)}
    body["query"] = {"bool": {"should": [body["query"], neighbours], "minimum_should_match": 1}}
    return body


def fused_bodies(request, vector):
    """The two searches, sent in one msearch, of a hybrid search by relevance: the page, ranked by reciprocal
    rank fusion, and its counts (the same documents: the union, size 0, with the total and the facets)."""
    words, eligible, must_not = matching(request)
    chosen = facet_filters(request)
    page = query_body(replace(request, with_facets=False))
    for name in ("query", "sort", "aggs"):
        page.pop(name, None)
    standard = {"query": words, "filter": list(chosen.values())}
    retrievers = [{"standard": standard}, {"knn": nearest(vector, eligible, must_not)}]
    page["retriever"] = {
        "rrf": {"retrievers": retrievers, "rank_constant": RRF_K, "rank_window_size": rank_window(request)}
    }
    page["track_total_hits"] = False  # counted by the second search
    union = union_body(request, vector)
    aggs = {**union.get("aggs", {}), "found": found_agg(chosen, grouped=bool(request.reader_language))}
    counts = {"query": union["query"], "aggs": aggs, "size": 0, "track_total_hits": False}
    return page, counts


def fuses(request, vector):
    """Whether the search is ranked by reciprocal rank fusion (fused_bodies) rather than by one query."""
    return vector is not None and request.sort == "relevance" and not request.query.is_empty
