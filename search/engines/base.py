"""The interface every engine implements, and the part the two database engines share.

    engine.search(request) → SearchResults(total, hits, facets)

A SearchRequest is already validated (search.params). The database engines differ only
in how they match, rank and highlight text (`match`, `highlights`) and where they look
for similar words (`similar_words`); filters, facet counts, sorting and pagination are the
same ORM queries on both.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from ..models import SearchDocument, SearchFacet

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

    def match(self, queryset, query, languages):
        """`queryset` narrowed to the documents matching `query` (a condition usable in subqueries)."""
        raise NotImplementedError

    def scored(self, queryset, query, languages):
        """`queryset` (of matching documents) with a `score`: higher is more relevant."""
        raise NotImplementedError

    def highlights(self, hits, query):
        """{hit id: safe HTML extract with <mark>ed words}."""
        raise NotImplementedError

    def documents(self, request, skip=None):
        """The matching documents with every filter applied except the facet `skip`."""
        languages = request.all_languages if skip == "language" else request.languages
        queryset = SearchDocument.objects.filter(language__in=languages)
        if request.exclude_groups:
            queryset = queryset.exclude(group__in=request.exclude_groups)
        if not request.query.is_empty:
            queryset = self.match(queryset, request.query, languages)
        for name, values in request.filters.items():
            if values and name != skip:
                matching = SearchFacet.objects.filter(name=name, value__in=values).values("document_id")
                queryset = queryset.filter(pk__in=matching)
        if request.year_from:
            queryset = queryset.filter(Q(year_end__isnull=True) | Q(year_end__gte=request.year_from))
            queryset = queryset.filter(year_start__isnull=False)
        if request.year_to:
            queryset = queryset.filter(year_start__lte=request.year_to)
        return queryset

    def search(self, request):
        queryset = self.documents(request)
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
        facets = self.facet_counts(request) if request.with_facets else {}
        return SearchResults(total=total, hits=hits, facets=facets)

    def facet_counts(self, request):
        """{facet: {value: count}}. A facet's own selection is left out of its counts (disjunctive
        facets), so a reader sees how many documents each alternative would add."""
        shared = [name for name in FACETS if not request.selected(name) or name == "language"]
        own = [name for name in FACETS if name not in shared]
        counts = {name: {} for name in FACETS}
        plans = [(None, [n for n in shared if n != "language"])] + [(name, [name]) for name in own]
        for skip, names in plans:
            if not names:
                continue
            matching = self.documents(request, skip=skip).values("pk")
            rows = (
                SearchFacet.objects.filter(document__in=matching, name__in=names)
                .values_list("name", "value")
                .annotate(count=Count("document_id"))
            )
            for name, value, count in rows:
                counts[name][value] = count
        language_rows = (
            self.documents(request, skip="language").values_list("language").annotate(count=Count("pk")).order_by()
        )
        counts["language"] = dict(language_rows)
        return counts
