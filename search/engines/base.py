"""The interface every engine implements, and the part the two database engines share.

    engine.search(request) → SearchResults(total, hits, facets)

A SearchRequest is already validated (search.params). The database engines differ only
in how they match, rank and highlight text (`match`, `highlights`) and where they look
for similar words (`similar_words`); filters, facet counts, sorting and pagination are the
same ORM queries on both.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models.expressions import RawSQL

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

    def scored(self, queryset, query, languages):
        """`queryset` (of matching documents) with a `score`: higher is more relevant."""
        raise NotImplementedError

    def highlights(self, hits, query):
        """{hit id: safe HTML extract with <mark>ed words}."""
        raise NotImplementedError

    def matched_sql(self, request, languages, skip=None, columns="d.id"):
        """SELECT of the documents in `languages` matching the request, every facet filter applied but `skip`'s.

        The one place filters become SQL: the ORM queries (results) and the facet counts use it.
        """
        conditions = [f"d.language IN ({_marks(languages)})"]
        params = list(languages)
        if request.exclude_groups:
            conditions.append(f'd."group" NOT IN ({_marks(request.exclude_groups)})')
            params += list(request.exclude_groups)
        if not request.query.is_empty:
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
                conditions.append(f"d.id IN ({FACET_SQL} AND value IN ({_marks(values)}))")
                params += [name, *values]
        return f"SELECT {columns} FROM search_searchdocument d WHERE {' AND '.join(conditions)}", params

    def documents(self, request):
        """The documents the reader asked for, as a queryset (for ordering and slicing)."""
        sql, params = self.matched_sql(request, request.languages)
        return SearchDocument.objects.filter(pk__in=RawSQL(sql, params))

    def search(self, request):
        facets, total = self.facet_counts(request) if request.with_facets else ({}, None)
        queryset = self.documents(request)
        if total is None:
            total = queryset.count()
        hits = []
        if total and request.offset < total:
            if request.sort == "newest" or request.query.is_empty:
                ordering = ["-date", "-pk"]
            else:
                queryset = self.scored(queryset, request.query, request.languages)
                ordering = ["-score", "-date", "-pk"]
            rows = queryset.order_by(*ordering).values(
                "pk", "key", "language", "original_language", "kind", "title", "url", "summary", "group", "date",
                *(["score"] if "score" in queryset.query.extra_select else []),
            )[request.offset : request.offset + request.per_page]  # fmt: skip
            hits = [Hit(id=row.pop("pk"), **row) for row in rows]
            if request.query.groups:
                extracts = self.highlights(hits, request.query)
                for hit in hits:
                    hit.highlight = extracts.get(hit.id, "")
        return SearchResults(total=total, hits=hits, facets=facets)

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
                    conditions.append(f"m.id IN ({FACET_SQL} AND value IN ({_marks(selected)}))")
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
            conditions = [f"m.language IN ({_marks(request.languages)})", f"f.name IN ({_marks(names)})", *conditions]
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
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for name, value, count in cursor.fetchall():
                counts[name][value] = count
        total = sum(counts["language"].get(language, 0) for language in request.languages)
        return counts, total


ALL = object()  # matched_sql(skip=ALL): no facet filter at all
FACET_SQL = "SELECT document_id FROM search_searchfacet WHERE name = %s"


def _marks(values):
    return ", ".join(["%s"] * len(values))


def _where(conditions):
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""
