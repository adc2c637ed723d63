"""A practice as search sees it: its kind, taxonomy, gender marker, partners, tags, body and years."""

from search import registry
from search.documents import describe_taxonomy, stream_text
from taxonomy.choices import PracticeKind

from .models import PracticePage


def describe_practice(page, document):
    labels = describe_taxonomy(page, document)
    document.kind = page.kind
    document.facets |= {("kind", page.kind), ("gender_marker", str(page.gender_marker))}
    document.facets |= {("partner", partner.key) for partner in page.partners.all() if partner.key}
    document.keywords = " ".join([*(tag.name for tag in page.tags.all()), *dict.fromkeys(labels), page.funding_source])
    document.body = stream_text(page)
    document.year_start = page.start_year or page.end_year
    document.year_end = page.end_year


registry.register(PracticePage, describe=describe_practice, prefetch=("partners", "tags"), kinds=PracticeKind.choices)
