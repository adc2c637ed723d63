"""The interface every engine implements, and the part the two database engines share.

    engine.search(request) → SearchResults(total, hits, facets)

A SearchRequest is already validated (search.params). The database engines differ only
in how they match, rank and highlight text (`match_conditions`, `ranking`, `highlights`)
and where they look for similar words (`similar_words`); filters, facet counts, sorting and
pagination are the same SQL on both (`matched_sql`, `facet_counts`, `page`).
"""

from dataclasses import dataclass, field

from django.db import connection

from ..models import SearchDocument

FACETS = ("region", "country", "theme", "gender", "gender_marker", "kind", "language")


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
    """Search in the database the site runs on (PostgreSQL, SQLite)."""

    def match_conditions(self, query, languages):
        """SQL conditions on the document alias `d` that keep the documents matching `query`, and their params."""
        raise NotImplementedError

    def ranking(self, query, languages):
        """How to rank matching documents: Ranking(score SQL on `d`, optional join, and the match conditions to use)."""
        raise NotImplementedError

    def highlights(self, hits, query):
        """{hit id: safe HTML extract with <mark>ed words}."""
        raise NotImplementedError

    def matched_sql(self, request, languages, skip=None, columns="d.id", ranking=None):
        """SELECT of the documents in `languages` matching the request, every facet filter applied but `skip`'s.

        The one place filters become SQL: the results page and the facet counts use it. With a
        `ranking`, the SELECT also has its score (and the engine's join and match conditions).
        """
        head = f"SELECT {columns}" + (f", {ranking.score} AS score" if ranking else "")
        head += " FROM search_searchdocument d" + (f" {ranking.join}" if ranking and ranking.join else "")
        params = [*ranking.score_params, *ranking.join_params] if ranking else []
        conditions = [f"d.language IN ({marks(languages)})"]
        params += list(languages)
        if request.exclude_groups:
            conditions.append(f'd."group" NOT IN ({marks(request.exclude_groups)})')
            params += list(request.exclude_groups)
        if ranking:
            conditions += ranking.conditions
            params += ranking.params
        elif not request.query.is_empty:
            matching, matching_params = self.match_conditions(request.query, languages)
            conditions += matching
            params += matching_params
        if request.year_from:
            conditions.append("d.year_start IS NOT NULL AND (d.year_end IS NULL OR d.year_end >= %s)")
            params.append(request.year_from)
        if request.year_to:
            conditions.append("d.year_start <= %s")
            params.append(request.year_to)
        for name, values in request.filters.items():
            if values and skip is not ALL and name != skip:
                conditions.append(f"d.id IN ({FACET_SQL} AND value IN ({marks(values)}))")
                params += [name, *values]
        return f"{head} WHERE {' AND '.join(conditions)}", params

    def search(self, request):
        facets, total = self.facet_counts(request) if request.with_facets else ({}, None)
        if total is None:
            sql, params = self.matched_sql(request, request.languages, columns="COUNT(*)")
            total = _fetch(sql, params)[0][0]
        hits = []
        if total and request.offset < total:
            hits = self.page(request)
            if request.query.groups:
                extracts = self.highlights(hits, request.query)
                for hit in hits:
                    hit.highlight = extracts.get(hit.id, "")
        return SearchResults(total=total, hits=hits, facets=facets)

    def page(self, request):
        """The hits of the requested page, ranked in the database (LIMIT/OFFSET), then read by id."""
        if request.sort == "newest" or request.query.is_empty:
            sql, params = self.matched_sql(request, request.languages, columns="d.id, 0")
            order = "d.date DESC NULLS LAST, d.id DESC"
        else:
            ranking = self.ranking(request.query, request.languages)
            sql, params = self.matched_sql(request, request.languages, columns="d.id", ranking=ranking)
            order = "score DESC, d.date DESC NULLS LAST, d.id DESC"
        rows = _fetch(f"{sql} ORDER BY {order} LIMIT %s OFFSET %s", [*params, request.per_page, request.offset])
        scores = {pk: score for pk, score in rows}
        found = SearchDocument.objects.filter(pk__in=scores).values("pk", *HIT_FIELDS)
        by_id = {row["pk"]: row for row in found}
        return [
            Hit(id=pk, score=float(scores[pk] or 0), **{name: by_id[pk][name] for name in HIT_FIELDS})
            for pk, _score in rows
            if pk in by_id
        ]

    def facet_counts(self, request):
        """({facet: {value: count}}, total), in one statement that matches the text once.

        A facet's own selection is left out of its counts (disjunctive facets), so a reader
        sees how many documents each alternative would add. The total is the sum of the
        language counts of the languages searched.
        """
        matched, params = self.matched_sql(request, request.all_languages, skip=ALL, columns="d.id, d.language")
        branches = []

        def filtered(skip):
            conditions, values = [], []
            for name, selected in request.filters.items():
                if selected and name != skip:
                    conditions.append(f"m.id IN ({FACET_SQL} AND value IN ({marks(selected)}))")
                    values += [name, *selected]
            return conditions, values

        conditions, values = filtered("language")
        branches.append(
            (f"SELECT 'language', m.language, COUNT(*) FROM m{_where(conditions)} GROUP BY m.language", values)
        )
        shared = [name for name in FACETS if name != "language" and not request.selected(name)]
        own = [name for name in FACETS if name != "language" and request.selected(name)]
        for skip, names in [(None, shared), *((name, [name]) for name in own)]:
            if not names:
                continue
            conditions, values = filtered(skip)
            conditions = [f"m.language IN ({marks(request.languages)})", f"f.name IN ({marks(names)})", *conditions]
            branches.append(
                (
                    "SELECT f.name, f.value, COUNT(*) FROM m JOIN search_searchfacet f ON f.document_id = m.id"
                    f"{_where(conditions)} GROUP BY f.name, f.value",
                    [*request.languages, *names, *values],
                )
            )
        sql = f"WITH m AS MATERIALIZED ({matched}) " + " UNION ALL ".join(branch for branch, _values in branches)
        for _branch, values in branches:
            params += values
        counts = {name: {} for name in FACETS}
        for name, value, count in _fetch(sql, params):
            counts[name][value] = count
        total = sum(counts["language"].get(language, 0) for language in request.languages)
        return counts, total


ALL = object()  # matched_sql(skip=ALL): no facet filter at all
HIT_FIELDS = ("key", "language", "original_language", "kind", "title", "url", "summary", "group", "date")


@dataclass
class Ranking:
    score: str  # SQL expression on the document alias `d`
    conditions: list  # the match conditions that go with it (they replace match_conditions)
    params: list = field(default_factory=list)
    score_params: list = field(default_factory=list)
    join: str = ""
    join_params: list = field(default_factory=list)


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


FACET_SQL = "SELECT document_id FROM search_searchfacet WHERE name = %s"


def marks(values):
    return ", ".join(["%s"] * len(values))


def _where(conditions):
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""
