"""What the Elasticsearch engine sends and reads back: the index, a document, a search and its answer.

Pure functions of their arguments (and of settings, for the index name), so they are tested
without a cluster. The semantics are the database engines' (search.engines.base):

- Text is folded *before* stemming and the stop words are search.text's, as on SQLite and
  PostgreSQL, so `égalité`, `egalite` and `EGALITES` meet, and a query keeps the same words.
- Each document's text sits in fields of its own language (`title_fr`, `body_es`, `title_other`...),
  analysed with that language's analyzer; a query searches the fields of the languages asked for.
- Filters are a `post_filter` and each facet counts under all the *other* filters (disjunctive
  facets, as the database engines count them), so the language facet counts every site language.
- With an encoder, each document carries its sentence embedding (`vector`, search.embeddings); hybrid
  searches add its nearest neighbours (search.engines.elastic_hybrid). Results one per translation group:
  search.engines.elastic_groups.
"""

import re

from django.conf import settings
from django.utils.dateparse import parse_datetime
from elasticsearch.dsl import (
    Date,
    DenseVector,
    Index,
    Integer,
    Keyword,
    Long,
    Mapping,
    Text,
    analyzer,
    char_filter,
    token_filter,
)

from ..documents import RESTRICTION
from ..embeddings import from_bytes, get_encoder
from ..highlight import marked
from ..text import STOP_WORDS
from .base import FACETS, Hit, SearchResults
from .elastic_groups import bucket_count, collapse_by_group, found_total, representative

# Language code → Elasticsearch stemmer (Snowball, as search.text's). Other languages are folded, not stemmed.
STEMMERS = {"fr": "french", "es": "spanish", "en": "english"}
OTHER = "other"
# Text fields and their boosts: title (A), summary and keywords (B), body (C), as SQLite's bm25 weights.
TEXT_FIELDS = {"title": 10, "summary": 4, "keywords": 4, "body": 1}
HIGHLIGHTED = ("summary", "body")
# Facet values of a document (SearchFacet rows), one keyword field each, always a list.
FACET_FIELDS = ("region", "country", "theme", "gender", "gender_marker", "kind", "target_group", "partner")
# One value per document (SearchDocument columns); `document_kind` is the row's kind, shown on a hit.
KEYWORD_FIELDS = ("language", "original_language", "group", "key", "document_kind")
FACET_SIZE = 500  # values counted per facet: more than any facet has
MAX_WINDOW = 10_000  # Elasticsearch's index.max_result_window
START, STOP = "\x02", "\x03"  # highlight sentinels, turned into <mark> after escaping (search.highlight.marked)
VECTOR = "vector"  # the sentence embedding's field
SOURCE = {"excludes": ["keywords_*", "body_*", VECTOR]}  # what hits bring back: neither long texts nor vectors


def index_name():
    """`<ELASTICSEARCH_INDEX_PREFIX>-documents`: the prefix tells environments (staging, production,
    tests) apart when they share a cluster. An alias, on the index the last rebuild filled (build_name)."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-documents"


def suffix(language):
    """The suffix of a language's text fields: its code if it has an analyzer, else `other`."""
    return language if language in STEMMERS else OTHER


def analyzers():
    """{suffix: analyzer}. Apostrophes split words (`d'enfants` → `d enfants`), as search.text.words does."""
    apostrophes = char_filter("socialab_apostrophes", "pattern_replace", pattern="['’ʼ]", replacement=" ")
    found = {
        OTHER: analyzer(
            "socialab_folded", tokenizer="standard", char_filter=[apostrophes], filter=["lowercase", "asciifolding"]
        )
    }
    for code, stemmer in STEMMERS.items():
        stop = token_filter(f"socialab_{stemmer}_stop", "stop", stopwords=sorted(STOP_WORDS.get(code, ())))
        stem = token_filter(f"socialab_{stemmer}_stemmer", "stemmer", language=stemmer)
        found[code] = analyzer(
            f"socialab_{stemmer}",
            tokenizer="standard",
            char_filter=[apostrophes],
            filter=["lowercase", "asciifolding", stop, stem],
        )
    return found


def mapping(dimensions=None):
    """Strict: a field the engine does not know is an error, not a guess. The `vector` field (of `dimensions`)
    exists only when embeddings are on, so switching them on or off needs `rebuild_search_index`."""
    document = Mapping()
    document.meta("dynamic", "strict")
    for code, text_analyzer in analyzers().items():
        for name in TEXT_FIELDS:
            # Offsets in the postings make highlighting long bodies cheap.
            extra = {"index_options": "offsets"} if name in HIGHLIGHTED else {}
            document.field(f"{name}_{code}", Text(analyzer=text_analyzer, **extra))
    for name in (*FACET_FIELDS, *KEYWORD_FIELDS):
        document.field(name, Keyword())
    document.field("restrictions", Keyword())
    document.field("restriction_count", Integer())
    document.field("id", Long())
    document.field("url", Keyword(index=False, doc_values=False))
    document.field("date", Date())
    document.field("year_start", Integer())
    document.field("year_end", Integer())
    if dimensions:
        # Cosine, as search.vectors; int8-quantised HNSW (Elasticsearch 8.12+, any licence): a quarter of
        # float32's memory, similarities within ~0.01, and the same on 8.x and 9.x (whose default differs).
        document.field(
            VECTOR, DenseVector(dims=dimensions, index=True, similarity="cosine", index_options={"type": "int8_hnsw"})
        )
    return document


def index_body():
    """Settings and mappings of the index. One shard: the corpus is small and scores stay exact."""
    index = Index(index_name())
    index.settings(number_of_shards=1, auto_expand_replicas="0-1")
    encoder = get_encoder()
    index.mapping(mapping(encoder.dimensions if encoder else None))
    return index.to_dict()


def build_name(alias, now, token):
    """A rebuild's own concrete index, `<alias>-<UTC yyyymmddhhmmss>-<token>`; the alias moves to it when
    the rebuild completes."""
    return f"{alias}-{now:%Y%m%d%H%M%S}-{token}"


def is_build(name, alias):
    """Whether `name` is one of build_name(alias, ...)'s: never another environment's index or the alias."""
    return re.fullmatch(rf"{re.escape(alias)}-\d{{14}}-[0-9a-z]+", name) is not None


def swap_actions(alias, new, current):
    """The one `update_aliases` request that moves `alias` to the index `new`, atomically.

    `current` names the concrete indices the alias resolves to now (get_alias's keys): each loses the
    alias, except a concrete index named like the alias (from before aliases), which is deleted in the
    same request (`remove_index`) so the alias can take its name.
    """
    actions = [
        {"remove_index": {"index": name}} if name == alias else {"remove": {"index": name, "alias": alias}}
        for name in sorted(current)
        if name != new
    ]
    return [*actions, {"add": {"index": new, "alias": alias}}]


def stale_builds(found, alias):
    """The builds among `found` ({index: {"aliases": {...}}}, as get_alias answers) that the alias is not on:
    left by a rebuild that failed or was interrupted."""
    return sorted(
        name for name, info in found.items() if is_build(name, alias) and alias not in info.get("aliases", {})
    )


def stored_vector(data, dimensions):
    """The list of floats to index from a SearchVector's `data`, or None: missing, of other dimensions, or zero
    (which has no cosine, and which Elasticsearch refuses)."""
    vector = from_bytes(data, dimensions) if data is not None else None
    return vector.tolist() if vector is not None and vector.any() else None


def document_body(row, facets, vector=None):
    """The indexed form of a SearchDocument `row` with its facets [(name, value)] and its `vector` (a list of
    floats, stored_vector), if it has one."""
    code = suffix(row.language)
    body = {
        "id": row.pk,
        "language": row.language,
        "original_language": row.original_language or row.language,
        "group": row.group,
        "key": row.key,
        "document_kind": row.kind,
        "url": row.url,
        "date": row.date.isoformat() if row.date else None,
        "year_start": row.year_start,
        "year_end": row.year_end,
        f"title_{code}": row.title,
        f"summary_{code}": row.summary,
        f"keywords_{code}": row.keywords,
        f"body_{code}": row.body,
    }
    for name in FACET_FIELDS:
        body[name] = sorted({value for facet, value in facets if facet == name})
    body["restrictions"] = sorted({value for facet, value in facets if facet == RESTRICTION})
    body["restriction_count"] = len(body["restrictions"])
    if vector is not None:
        body[VECTOR] = vector
    return body


def readable_filter(request):
    """A document under no view restriction, or one whose every restriction the reader passes (as
    DatabaseEngine: `terms_set` counts the reader's restrictions among the document's)."""
    unrestricted = {"bool": {"must_not": {"exists": {"field": "restrictions"}}}}
    if not request.readable:
        return unrestricted
    passes = {
        "terms_set": {
            "restrictions": {
                "terms": sorted(str(pk) for pk in request.readable),
                "minimum_should_match_field": "restriction_count",
            }
        }
    }
    return {"bool": {"should": [unrestricted, passes], "minimum_should_match": 1}}


def text_fields(languages, names=TEXT_FIELDS, boosted=True):
    codes = dict.fromkeys(suffix(language) for language in languages)
    return [f"{name}_{code}^{TEXT_FIELDS[name]}" if boosted else f"{name}_{code}" for code in codes for name in names]


def phrase_clause(phrase, fields, zero_terms="none"):
    """A Phrase of search.query in every field: quoted or several words in order, else the one word.

    `zero_terms` is what a phrase of stop words only matches: everything ("all") when it is one of
    several words, as the database engines drop it; nothing ("none") otherwise.
    """
    clause = {"query": " ".join(phrase.words), "fields": fields, "zero_terms_query": zero_terms}
    if phrase.quoted or len(phrase.words) > 1:
        clause["type"] = "phrase"
    else:
        clause.update(type="best_fields", operator="and", tie_breaker=0.3)
    return {"multi_match": clause}


def any_of(clauses):
    return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}


def facet_filters(request):
    """{facet: terms filter} of the facets with a selection; the language facet always has one."""
    chosen = {name: list(request.selected(name)) for name in FACETS}
    return {name: {"terms": {name: values}} for name, values in chosen.items() if values}


def year_filters(request):
    """The reader's years overlap the document's, as DatabaseEngine.documents."""
    filters = []
    if request.year_from:
        filters.append(
            {
                "bool": {
                    "should": [
                        {"bool": {"must_not": {"exists": {"field": "year_end"}}}},
                        {"range": {"year_end": {"gte": request.year_from}}},
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
        filters.append({"exists": {"field": "year_start"}})
    if request.year_to:
        filters.append({"range": {"year_start": {"lte": request.year_to}}})
    return filters


def matching(request):
    """(query, eligible, must_not): what a search matches by its words, with the filters every result passes
    (`eligible`: languages, the reader's restrictions, years) and what no result may be (`must_not`: excluded
    words, groups already shown). The nearest neighbours of hybrid searches pass the same (elastic_hybrid)."""
    query = request.query
    # The text is matched in every site language's fields: the language facet counts them all, and
    # the post_filter keeps the languages asked for.
    searched = list(dict.fromkeys([*request.languages, *request.all_languages]))
    fields = text_fields(searched)
    must, must_not, guard = [], [], []
    eligible = [{"terms": {"language": searched}}, readable_filter(request), *year_filters(request)]
    if query.groups:
        must = [any_of([phrase_clause(p, fields, "all") for p in group]) for group in query.groups]
        # Only stop words everywhere: nothing matches, as on the database engines.
        guard = [any_of([phrase_clause(p, fields) for group in query.groups for p in group])]
    if query.excluded:
        must_not.append(any_of([phrase_clause(p, fields) for p in query.excluded]))
    if request.exclude_groups:
        must_not.append({"terms": {"group": list(request.exclude_groups)}})
    words = {"bool": {"must": must or [{"match_all": {}}], "filter": [*eligible, *guard], "must_not": must_not}}
    return words, eligible, must_not


def query_body(request):
    """The search request for a SearchRequest: matching, filters, facets, highlights, order and page; one
    result per translation group when the request has a reader's language (elastic_groups)."""
    words, _eligible, _must_not = matching(request)
    chosen = facet_filters(request)
    newest = request.sort == "newest" or request.query.is_empty
    offset = min(request.offset, MAX_WINDOW)
    body = {
        "query": words,
        "post_filter": {"bool": {"filter": list(chosen.values())}},
        "sort": [
            *([] if newest else ["_score"]),
            {"date": {"order": "desc", "missing": "_last"}},
            {"id": {"order": "desc"}},
        ],
        "from": offset,
        "size": max(0, min(request.per_page, MAX_WINDOW - offset)),
        "track_total_hits": True,
        "_source": SOURCE,
    }
    if request.with_facets:
        body["aggs"] = {
            name: {
                "filter": {"bool": {"filter": [clause for other, clause in chosen.items() if other != name]}},
                "aggs": {"values": {"terms": {"field": name, "size": FACET_SIZE}}},
            }
            for name in FACETS
        }
    if request.query.groups:
        body["highlight"] = highlight_body(request.languages, words)
    if request.reader_language:
        collapse_by_group(body, request, chosen)
    return body


def highlight_body(languages, query):
    """The whole summary and the body's best two passages, within its first 20,000 characters (as on
    the database engines); sentinels instead of tags, so the text is escaped before it is marked.

    The words' `query` is named, so that the same words are marked whatever found the hit (an `rrf`
    retriever, a group's inner hits)."""
    summary = {"number_of_fragments": 0}
    body = {"fragment_size": 160, "number_of_fragments": 2, "order": "score"}
    return {
        "pre_tags": [START],
        "post_tags": [STOP],
        "max_analyzed_offset": 20_000,
        "highlight_query": query,
        "fields": {
            field: summary if field.startswith("summary_") else body
            for field in text_fields(languages, HIGHLIGHTED, boosted=False)
        },
    }


def parse_response(response, request, counted=None):
    """SearchResults from the answer (a dict) to query_body(request). `counted`: the answer that holds the
    total and the facet counts when they were asked apart (elastic_hybrid.fused_bodies); else `response`."""
    counted = counted or response
    grouped = bool(request.reader_language)
    items = response["hits"]["hits"]
    if grouped:
        items = [representative(item, request.reader_language) for item in items]
    hits = [_hit(item, request) for item in items]
    aggregations = counted.get("aggregations", {})
    total = found_total(aggregations, grouped)
    if total is None:
        total = counted["hits"]["total"]
        total = total["value"] if isinstance(total, dict) else total
    facets = {}
    if request.with_facets:
        for name in FACETS:
            buckets = aggregations.get(name, {}).get("values", {}).get("buckets", [])
            in_groups = grouped and name != "language"
            counts = {str(bucket["key"]): bucket_count(bucket, in_groups) for bucket in buckets}
            facets[name] = {value: count for value, count in counts.items() if count}
    return SearchResults(total=total, hits=hits, facets=facets)


def _hit(item, request):
    source = item["_source"]
    code = suffix(source["language"])
    date = source.get("date")
    hit = Hit(
        id=int(source["id"]),
        key=source.get("key") or "",
        language=source["language"],
        original_language=source.get("original_language") or source["language"],
        kind=source.get("document_kind") or "",
        title=source.get(f"title_{code}") or "",
        url=source.get("url") or "",
        summary=source.get(f"summary_{code}") or "",
        group=source.get("group") or "",
        date=parse_datetime(date) if date else None,
        score=item.get("_score") or 0.0,
        restricted=bool(source.get("restrictions")),
        year_start=source.get("year_start"),
        year_end=source.get("year_end"),
        countries=list(source.get("country") or []),
    )
    if request.query.groups:
        found = item.get("highlight", {})
        passages = [*found.get(f"summary_{code}", []), *found.get(f"body_{code}", [])]
        passages = [passage for passage in passages if START in passage][:2]
        hit.highlight = marked(" … ".join(passages)) if passages else ""
    return hit
