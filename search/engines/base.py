"""The interface every engine implements, and the part the two database engines share.

    engine.search(request) → SearchResults(total, hits, facets)

A SearchRequest is already validated (search.params). The database engines differ only
in how they match, score and highlight text (`matches`, `rescore`, `highlights`) and where
they look for similar words (`similar_words`); filters, facet counts, sorting and
pagination are the same on both (DatabaseEngine.search, over search.engines.facet_index).
"""

import heapq
from dataclasses import dataclass, field

import numpy as np

from base.facets import SEARCH_FACETS as FACETS  # the facets engines filter and count by

from ..embeddings import encode, get_encoder
from ..models import SearchDocument
from ..query import parse
from ..vectors import nearest
from .facet_index import bits_of, bits_to_array, current_index, positions_of
from .ranking import MAX_NEIGHBOURS, SIMILARITY_FLOOR, by_group, fused_orders, ordered


@dataclass
class SearchRequest:
    query: object  # search.query.ParsedQuery
    languages: list  # languages of the documents searched
    all_languages: list  # every language of the site (the language facet counts them all)
    filters: dict = field(default_factory=dict)  # facet name → allowed values (alternatives)
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    exclude_groups: tuple = ()  # translation groups already shown
    with_facets: bool = True
    language_chosen: bool = False  # `lang` given: no fallback to other languages
    # Ids of the view restrictions the reader passes (base.visibility.readable_restrictions): a
    # restricted document is found only if every one of its restrictions is here. None pass by default.
    readable: frozenset = frozenset()
    mode: str = "hybrid"  # or "lexical": words only, no nearest neighbours
    # Shown one result per translation group, in this language where translated ("": every document).
    reader_language: str = ""

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    def selected(self, name):
        return self.languages if name == "language" else self.filters.get(name, [])


@dataclass
class Hit:
    id: int
    key: str
    language: str
    original_language: str
    kind: str
    title: str
    url: str
    summary: str
    group: str
    date: object = None
    score: float = 0.0
    highlight: str = ""
    restricted: bool = False
    translations: list = field(default_factory=list)  # [(language, url)] of its other versions
    year_start: int | None = None
    year_end: int | None = None
    countries: list = field(default_factory=list)  # its country facet's values (slugs)


@dataclass
class SearchResults:
    total: int
    hits: list
    facets: dict = field(default_factory=dict)  # name → {value: count}


class Engine:
    name = ""

    def search(self, request):
        raise NotImplementedError

    def healthy(self):
        """Whether the engine's storage answers (the health endpoint asks): the database engines' is a table."""
        SearchDocument.objects.only("pk").first()
        return True

    def store(self, rows):
        """Index these SearchDocument rows (new or changed) in the engine's own storage."""

    def forget(self, ids):
        """Remove these SearchDocument ids from the engine's own storage (before the rows are deleted)."""

    def optimise(self):
        """Compact the engine's storage after a rebuild."""

    def suggest(self, word, language):
        """The known word closest to `word` in `language`, or None."""
        candidates = [w for w in self.similar_words(word, language) if w != word]
        return candidates[0] if candidates else None

    def similar_words(self, word, language):
        return []


class DatabaseEngine(Engine):
    """Search in the database the site runs on (PostgreSQL, SQLite).

    The database matches the text (`matches`: ids, with a cheap score where the engine has one:
    `matches_scored`); filters, facet counts, totals and newest-first order are bit arithmetic on
    the in-memory FacetIndex. Only the results a page can show are ranked: many by that cheap score,
    sorted here, or by the database (`ranked`: it sorts what the page may show and returns its first
    rows). Subclasses give `matches`, `ranked`, `highlights` and `similar_words`.
    """

    # At most this many results are ranked on their whole text; more are ranked by a score that
    # may look at less of it (`ranked`'s `whole`).
    RESCORE_AT_MOST = 1000
    # Hybrid search fuses the first WINDOW_STEP results of the words' order (more, by steps, for deep
    # pages) with the neighbours' order, as Elasticsearch's rank_window_size: pages share one window.
    WINDOW_STEP = 1000

    def matches(self, query, languages):
        """The ids of the documents in `languages` matching `query`."""
        raise NotImplementedError

    def matches_scored(self, query, languages, scored):
        """(ids, scores or None): the documents `matches` gives and, if the engine computes it with the
        match for less than `ranked` would take, each one's score for many results (`ranked`'s, not
        `whole`): those of the languages `scored`, 0 for the others."""
        return self.matches(query, languages), None

    def ranked(self, query, ids, languages, whole, limit):
        """[(id, score)] of the first `limit` of these matching documents (in `languages`), best first,
        newest first among equals (date, then id, descending: the FacetIndex's order, in which `ids` come);
        scored on their whole text if `whole`."""
        raise NotImplementedError

    def highlights(self, hits, query):
        """{hit id: safe HTML extract with <mark>ed words}."""
        raise NotImplementedError

    def search(self, request):
        index = current_index()
        counted = request.all_languages if request.with_facets else request.languages
        eligible = index.language_bits(counted) & ~index.unreadable_bits(request.readable)
        if request.year_from or request.year_to:
            eligible &= index.year_bits(request.year_from, request.year_to)
        if request.exclude_groups:
            eligible &= ~index.group_bits(request.exclude_groups)
        searched = index.language_bits(request.languages)
        matched, semantic, cheap = 0, {}, None
        if request.query.is_empty:
            base = eligible
        else:
            # Filters leave most searches a few hundred results, ranked on their whole text (`ranked`):
            # the cheap scores are asked for only where many results are to be expected, and a search
            # for its total alone ("did you mean": per_page 0) ranks nothing.
            narrowed = any(request.filters.values()) or request.year_from or request.year_to
            ranked = request.sort != "newest" and request.per_page and not narrowed
            scored = request.languages if ranked else ()
            ids, head_scores = self.matches_scored(request.query, counted, scored)
            positions = index.positions_of_ids(ids)
            matched = index.bits_of_positions(positions) & eligible
            if head_scores is not None:  # the score of many results, for every version the words match
                cheap = np.zeros(index.size)
                known = positions >= 0
                cheap[positions[known]] = np.asarray(head_scores, dtype=float)[known]
            semantic = self.neighbours(index, request, eligible, counted)
            base = matched | bits_of(semantic, index.size)
        in_scope = base & searched
        chosen_of = None
        if request.reader_language:  # one document per translation group, the reader's version if any
            allowed = in_scope if request.query.excluded else eligible & searched
            in_scope, chosen_of = index.grouped(in_scope, allowed, request.reader_language)
        filters = {name: index.facet_bits(name, values) for name, values in request.filters.items() if values}
        found = _narrowed(in_scope, filters)
        facets = _facet_counts(index, base, in_scope, filters) if request.with_facets else {}
        total = found.bit_count()
        hits = []
        if total and request.offset < total and request.per_page:
            scope = bits_to_array(base & searched, index.size)
            semantic = {p: score for p, score in semantic.items() if scope[p]}
            hits = self._page(index, request, found, matched & searched, semantic, chosen_of, cheap)
            if request.query.groups:
                extracts = self.highlights(hits, request.query)
                for hit in hits:
                    hit.highlight = extracts.get(hit.id, "")
        return SearchResults(total=total, hits=hits, facets=facets)

    def neighbours(self, index, request, eligible, languages):
        """{position: similarity} of the documents of `eligible` nearest to the query's meaning (hybrid mode)."""
        encoder = get_encoder()
        if request.mode != "hybrid" or encoder is None or not request.query.meaning:
            return {}
        allowed = bits_to_array(eligible, index.size)
        if request.query.excluded:  # what contains an excluded word is not a neighbour either
            either = " or ".join('"' + " ".join(phrase.words) + '"' for phrase in request.query.excluded)
            excluded = index.bits_of_ids(self.matches(parse(either), languages))
            allowed &= ~bits_to_array(excluded, index.size)
        similarities = index.vectors(encoder).similarities(encode([request.query.meaning], encoder)[0])
        return nearest(similarities, allowed, SIMILARITY_FLOOR, MAX_NEIGHBOURS)

    def _page(self, index, request, found, matched, semantic, chosen_of, cheap=None):
        """The hits of the requested page: best first (newest first among equals), or newest first.

        `matched`: bitset of the documents the words match, any version of a group; `semantic`:
        {position: similarity} of the nearest neighbours; `cheap`: each position's score for many
        results, if `matches_scored` gave it."""
        end = request.offset + request.per_page
        scores = {}
        if request.sort == "newest" or not (matched or semantic):
            chosen = positions_of(found, end)[request.offset : end]
        else:
            wanted = end if not semantic else self.WINDOW_STEP * -(-end // self.WINDOW_STEP)
            lexical = self._lexical_order(index, request, found, matched, chosen_of, wanted, cheap) if matched else []
            if semantic:
                if chosen_of is not None:
                    semantic = by_group(semantic, index.group_numbers, chosen_of)
                semantic = {p: score for p, score in semantic.items() if found >> p & 1}
                scores = fused_orders([p for p, _score in lexical], ordered(semantic))
                # Best first, the smaller (newer) position first among equal scores.
                chosen = heapq.nsmallest(end, scores, key=lambda p: (-scores[p], p))[request.offset :]
            else:  # the database's order: the pages of a search are slices of one order
                scores = dict(lexical)
                chosen = [p for p, _score in lexical[request.offset : end]]
        ids = {index.ids[p]: p for p in chosen}
        rows = {row.pop("pk"): row for row in SearchDocument.objects.filter(pk__in=ids).values("pk", *HIT_FIELDS)}
        hits = [
            Hit(id=pk, score=float(scores.get(p) or 0), countries=index.values_at("country", p), **rows[pk])
            for pk, p in ids.items()
            if pk in rows
        ]
        add_translations(index, hits, request.readable)
        return hits

    def _lexical_order(self, index, request, found, matched, chosen_of, wanted, cheap=None):
        """[(position, score)] of the first `wanted` results of `found` by their words' score, best first.

        A result stands for its translation group (`chosen_of`): it ranks by the best of the group's
        matching versions. Many results ranked by the scores `matches_scored` gave (`cheap`) are sorted
        here; otherwise the database scores only the versions of results in `found` and returns its
        first rows; a group may have a row per language, hence a second, longer read if needed."""
        flags = bits_to_array(matched, index.size)
        if chosen_of is None:
            flags &= bits_to_array(found, index.size)
            stands_for = None
        else:
            stands_for = chosen_of[index.group_numbers]
            flags &= stands_for >= 0
            flags[flags] = bits_to_array(found, index.size)[stands_for[flags]]
        candidates = np.flatnonzero(flags)
        whole = len(candidates) <= self.RESCORE_AT_MOST
        if not whole and cheap is not None:
            return best_first(candidates, cheap[candidates], stands_for, wanted)
        ids = [index.ids[p] for p in candidates]
        limit = wanted
        while True:
            rows = self.ranked(request.query, ids, request.languages, whole, limit)
            order, seen = [], set()
            for pk, score in rows:
                position = index.position[pk]
                result = position if stands_for is None else int(stands_for[position])
                if result not in seen:
                    seen.add(result)
                    order.append((result, float(score or 0)))
            if len(order) >= wanted or len(rows) < limit or limit >= len(ids):
                return order[:wanted]
            limit = min(len(ids), limit * len(request.languages) + wanted)


def best_first(candidates, scores, stands_for, wanted):
    """[(result position, score)] of the first `wanted` results: the versions `candidates` (positions,
    ascending) by `scores`, best first and newest (the smaller position) first among equals, as the
    database orders them; where a version stands for its translation group's result (`stands_for`), the
    result ranks by its best version."""
    order = np.lexsort((candidates, -scores))
    positions, scores = candidates[order], scores[order]
    if stands_for is not None:
        results = stands_for[positions]
        _unique, first = np.unique(results, return_index=True)
        first.sort()
        positions, scores = results[first], scores[first]
    return list(zip(positions[:wanted].tolist(), scores[:wanted].tolist(), strict=True))


def add_translations(index, hits, readable):
    """Each hit's other versions the reader may open: [(language, url)], in the site's order of languages."""
    unreadable = index.unreadable_bits(readable)
    others = {
        index.ids[p]: hit.id
        for hit in hits
        for p in index.groups.get(hit.group, ())
        if index.ids[p] != hit.id and not unreadable >> p & 1
    }
    found = {hit.id: [] for hit in hits}
    for pk, language, url in SearchDocument.objects.filter(pk__in=others).values_list("pk", "language", "url"):
        found[others[pk]].append((language, url))
    for hit in hits:
        hit.translations = sorted(found[hit.id])


def _narrowed(bits, filters, skip=None):
    for name, allowed in filters.items():
        if name != skip:
            bits &= allowed
    return bits


def _facet_counts(index, base, in_scope, filters):
    """{facet: {value: count}}. A facet's own selection is left out of its counts (disjunctive
    facets), so a reader sees how many results each alternative would add; the language facet
    counts the documents of every language, the others the results (`in_scope`: one a group)."""
    counts = {name: {} for name in FACETS}
    everywhere = _narrowed(base, filters)
    for language, bits in index.languages.items():
        if count := (everywhere & bits).bit_count():
            counts["language"][language] = count
    shared = _narrowed(in_scope, filters)
    for name in FACETS:
        if name == "language":
            continue
        scope = _narrowed(in_scope, filters, skip=name) if name in filters else shared
        for value, bits in index.facets.get(name, {}).items():
            if count := (scope & bits).bit_count():
                counts[name][value] = count
    return counts


HIT_FIELDS = (
    *("key", "language", "original_language", "kind", "title", "url", "summary", "group", "date", "restricted"),
    *("year_start", "year_end"),
)


def marks(values):
    return ", ".join(["%s"] * len(values))
