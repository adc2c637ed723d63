"""A resource as search sees it: its kind, taxonomy, publisher, year and the text of its document."""

from search import registry
from search.documents import describe_taxonomy
from taxonomy.choices import ResourceKind

from .models import ResourcePage


def describe_resource(page, document):
    labels = describe_taxonomy(page, document)
    document.kind = page.kind
    document.facets.add(("kind", page.kind))
    document.keywords = " ".join([page.publisher, *dict.fromkeys(labels)])
    document.body = page.extracted_text
    document.year_start = document.year_end = page.year


registry.register(ResourcePage, describe=describe_resource, kinds=ResourceKind.choices)
