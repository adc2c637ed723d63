"""Results one per translation group on Elasticsearch, chosen as FacetIndex.grouped chooses them.

`collapse` on `group` keeps each group's best-ranked document, and its inner hits (newest first) are the
group's versions that matched; parse_response shows the one in the reader's language, else the original
(`language == original_language`), else the newest (`representative`). Collapsing works with every search
the engine sends, the `rrf` retriever's included (Elasticsearch 8.16 or later).

Collapsing changes neither `hits.total` nor the aggregations, which count documents: the total and each facet
value's count are therefore a `cardinality` of `group`, except the language facet, which counts documents as
on the database engines. Under PRECISION groups Elasticsearch counts them exactly (but for a collision of
hashes, vanishingly rare at the site's size).

One difference from the database engines: they may show, in a group's place, a translation in the reader's
language that the words did not match; here only versions that matched are chosen from. The group's other
versions are the hit's `translations` (search.engines.base.add_translations) all the same.
"""

PRECISION = 40_000  # the largest precision_threshold Elasticsearch accepts
VERSIONS = "versions"  # the name of the inner hits: a group's matching versions
MAX_VERSIONS = 100  # Elasticsearch's index.max_inner_result_window
NEWEST = [{"date": {"order": "desc", "missing": "_last"}}, {"id": {"order": "desc"}}]


def groups_count():
    return {"cardinality": {"field": "group", "precision_threshold": PRECISION}}


def found_agg(chosen, grouped):
    """The aggregation counting the results: the documents passing every filter of `chosen` ({facet: filter}),
    or their translation groups."""
    found = {"filter": {"bool": {"filter": list(chosen.values())}}}
    if grouped:
        found["aggs"] = {"groups": groups_count()}
    return found


def collapse_by_group(body, request, chosen):
    """Make `body` (a search of elastic_builders.query_body) give one hit per translation group, with the
    versions to choose from, and count groups: the total ("found") and every facet but the language."""
    versions = len(set(request.all_languages) | set(request.languages))
    inner = {"name": VERSIONS, "size": max(1, min(MAX_VERSIONS, versions)), "sort": NEWEST, "_source": body["_source"]}
    if "highlight" in body:
        inner["highlight"] = body["highlight"]
    body["collapse"] = {"field": "group", "inner_hits": inner}
    aggs = body.setdefault("aggs", {})
    for name, facet in aggs.items():
        if name != "language":
            facet["aggs"]["values"]["aggs"] = {"groups": groups_count()}
    aggs["found"] = found_agg(chosen, grouped=True)
    return body


def preference(source, language):
    """As FacetIndex.preference: 0 in the reader's language, 1 the original, 2 another translation."""
    if source["language"] == language:
        return 0
    return 1 if (source.get("original_language") or source["language"]) == source["language"] else 2


def representative(item, language):
    """The version of a collapsed hit to show a reader of `language`, with the group's score."""
    versions = item.get("inner_hits", {}).get(VERSIONS, {}).get("hits", {}).get("hits") or [item]
    chosen = min(versions, key=lambda version: preference(version["_source"], language))  # the newest among equals
    return {**chosen, "_score": item.get("_score")}


def found_total(aggregations, grouped):
    """The number of results counted by found_agg, or None when the answer has no such count."""
    found = aggregations.get("found")
    if found is None:
        return None
    return found["groups"]["value"] if grouped else found["doc_count"]


def bucket_count(bucket, grouped):
    """A facet value's count: its groups when results are grouped (and they were counted), else its documents."""
    return bucket["groups"]["value"] if grouped and "groups" in bucket else bucket["doc_count"]
