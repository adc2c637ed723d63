"""The search index: one denormalised row per live page per locale (DESIGN §5), public or under a
login or group restriction (shown only to readers who pass it).

Wagtail's own backend still serves the admin. These rows are what the public engines
search; each engine adds its own storage beside them (a tsvector column on PostgreSQL,
an FTS5 table on SQLite, an index on an Elasticsearch cluster), kept in step by
`search.indexing`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    # "page:<pk>" for a page, "place:<language>:<slug>" for a country or region page.
    source = models.CharField(max_length=120, unique=True)
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # The same for every translation of one content: a page's translation key, a place's slug.
    group = models.CharField(max_length=64, db_index=True)
    language = models.CharField(max_length=10)
    original_language = models.CharField(max_length=10)
    key = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=255)
    # Lower-cased, accent-free title: what autocomplete matches (trigram index on PostgreSQL).
    title_folded = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    keywords = models.TextField(blank=True, help_text="Tags and taxonomy labels, in the document's language.")
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateTimeField(null=True, blank=True)
    year_start = models.PositiveSmallIntegerField(null=True, blank=True)
    year_end = models.PositiveSmallIntegerField(null=True, blank=True)
    # Under a view restriction (its ids are `restriction` facets): shown only to readers who pass it,
    # never suggested nor completed.
    restricted = models.BooleanField(default=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["language", "date"], name="search_doc_language_date")]

    def __str__(self):
        return f"{self.title} ({self.language})"


class SearchVector(models.Model):
    """A document's sentence embedding (search.embeddings), and the documents nearest to it.

    Kept beside the document so that writing vectors never rewrites the rows every search reads.
    """

    document = models.OneToOneField(SearchDocument, primary_key=True, on_delete=models.CASCADE, related_name="vector")
    encoder = models.CharField(max_length=60)  # the Encoder.name the vector was computed with
    data = models.BinaryField()  # float16 little-endian
    # The nearest public documents of other translation groups, best first, with what a page shows of
    # them: [{"group", "score", "kind", "original", "countries", "versions": {language: [title, url]}}, …].
    related = models.JSONField(default=list)
    # What deciding whether a change affects this list reads, without the list: its groups, space-separated,
    # and the similarity of its last one when it is full (else -1: any newcomer enters it).
    related_groups = models.TextField(blank=True, default="")
    related_floor = models.FloatField(default=-1.0)

    def __str__(self):
        return f"{self.encoder} vector of {self.document_id}"


class SearchFacet(models.Model):
    """One facet value of a document: what filters narrow and what facet counts group by."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "name", "value"], name="unique_search_facet_per_document")
        ]
        indexes = [models.Index(fields=["name", "value", "document"], name="search_facet_lookup")]

    def __str__(self):
        return f"{self.name}={self.value}"


class SearchTerm(models.Model):
    """The words of the indexed texts, accent-folded, per language: where "did you mean" looks."""

    language = models.CharField(max_length=10)
    word = models.CharField(max_length=60)
    documents = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "word"], name="unique_search_term")]

    def __str__(self):
        return self.word


class SearchQueryStat(models.Model):
    """How often a query was searched on a day, and how often it found nothing. No reader data is kept."""

    day = models.DateField()
    language = models.CharField(max_length=10)
    query = models.CharField(max_length=100)
    searches = models.PositiveIntegerField(default=0)
    zero_results = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search query statistic")
        constraints = [models.UniqueConstraint(fields=["day", "language", "query"], name="unique_query_stat")]
        indexes = [models.Index(fields=["day"], name="search_query_stat_day")]

    def __str__(self):
        return self.query


class SearchIndexVersion(models.Model):
    """One row whose token changes whenever documents or facets change (database triggers, migration 0003).

    The database engines keep filters and facet counts in memory (search.engines.facet_index)
    and reload them when the token they loaded with is no longer the current one.
    """

    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token
