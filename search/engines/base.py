"""The interface every engine implements, and the part the two database engines share.

    engine.search(request) → SearchResults(total, hits, facets)

A SearchRequest is already validated (search.params). The database engines differ only
in how they match, score and highlight text (`matches`, `rescore`, `highlights`) and where
they look for similar words (`similar_words`); filters, facet counts, sorting and
pagination are the same on both (DatabaseEngine.search, over search.engines.facet_index).
"""

import heapq
from dataclasses import dataclass, field

from base.facets import SEARCH_FACETS as FACETS  # the facets engines filter and count by

from ..models import SearchDocument
from .facet_index import current_index, positions_of


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


@dataclass
class SearchResults:
    total: int
    hits: list
    facets: dict = field(default_factory=dict)  # name → {value: count}


class Engine:
    name = ""

    def search(self, request):
        raise NotImplementedError

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

    The database matches and scores the text (`matches`); filters, facet counts, totals and
    newest-first order are bit arithmetic on the in-memory FacetIndex. Subclasses give
    `matches`, `highlights`, `similar_words` and optionally `rescore`.
    """

    # At most this many results are ranked again on their whole text (`rescore`); more are
    # ranked by the score `matches` gives, which may look at less of the text.
    RESCORE_AT_MOST = 1000

    def matches(self, query, languages, scored):
        """(document id, score) of the documents in `languages` matching `query`; score 0 outside `scored`."""
        raise NotImplementedError

    def rescore(self, ids, query):
        """{id: score} of these matching documents on their whole text, or None to keep the scores of `matches`."""
        return None

    def highlights(self, hits, query):
        """{hit id: safe HTML extract with <mark>ed words}."""
        raise NotImplementedError

    def search(self, request):
        index = current_index()
        counted = request.all_languages if request.with_facets else request.languages
        scores = None
        if request.query.is_empty:
            base = index.language_bits(counted)
        else:
            scored = request.languages if request.sort == "relevance" else []
            base, scores = index.matched(self.matches(request.query, counted, scored))
        base &= ~index.unreadable_bits(request.readable)
        if request.year_from or request.year_to:
            base &= index.year_bits(request.year_from, request.year_to)
        if request.exclude_groups:
            base &= ~index.group_bits(request.exclude_groups)
        filters = {name: index.facet_bits(name, values) for name, values in request.filters.items() if values}
        searched = index.language_bits(request.languages)
        found = _narrowed(base, filters) & searched
        facets = _facet_counts(index, base, searched, filters) if request.with_facets else {}
        total = found.bit_count()
        hits = []
        if total and request.offset < total:
            hits = self._page(index, request, found, scores)
            if request.query.groups:
                extracts = self.highlights(hits, request.query)
                for hit in hits:
                    hit.highlight = extracts.get(hit.id, "")
        return SearchResults(total=total, hits=hits, facets=facets)

    def _page(self, index, request, found, scores):
        """The hits of the requested page: best score first (newest first among equals), or newest first."""
        candidates = positions_of(found)
        end = request.offset + request.per_page
        if scores is None or request.sort == "newest":
            chosen = candidates[request.offset : end]
            scores = {}
        else:
            if len(candidates) <= self.RESCORE_AT_MOST:
                better = self.rescore([index.ids[p] for p in candidates], request.query)
                if better is not None:
                    scores = {p: better.get(index.ids[p], 0.0) for p in candidates}
            # Best first; nlargest keeps the candidates' (newest-first) order among equal scores.
            chosen = heapq.nlargest(end, candidates, key=scores.__getitem__)[request.offset :]
        ids = {index.ids[p]: p for p in chosen}
        rows = {row.pop("pk"): row for row in SearchDocument.objects.filter(pk__in=ids).values("pk", *HIT_FIELDS)}
        return [Hit(id=pk, score=float(scores.get(p) or 0), **rows[pk]) for pk, p in ids.items() if pk in rows]


def _narrowed(bits, filters, skip=None):
    for name, allowed in filters.items():
        if name != skip:
            bits &= allowed
    return bits


def _facet_counts(index, base, searched, filters):
    """{facet: {value: count}}. A facet's own selection is left out of its counts (disjunctive
    facets), so a reader sees how many documents each alternative would add; the language
    facet counts every language, the others the languages searched."""
    counts = {name: {} for name in FACETS}
    everywhere = _narrowed(base, filters)
    for language, bits in index.languages.items():
        if count := (everywhere & bits).bit_count():
            counts["language"][language] = count
    shared = everywhere & searched
    for name in FACETS:
        if name == "language":
            continue
        scope = _narrowed(base, filters, skip=name) & searched if name in filters else shared
        for value, bits in index.facets.get(name, {}).items():
            if count := (scope & bits).bit_count():
                counts[name][value] = count
    return counts


HIT_FIELDS = ("key", "language", "original_language", "kind", "title", "url", "summary", "group", "date", "restricted")


def marks(values):
    return ", ".join(["%s"] * len(values))
