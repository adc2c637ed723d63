"""Pages as records of the exchange format (DESIGN §6): what export writes and import reads back.

The common part (type, key, locale, title, summary) is built here; each record type's own
fields come from its `to_record` (search.registry's twin, exchange.registry).
"""

from . import registry


def codes(terms, attribute):
    """The identifiers of taxonomy terms (slugs, ISO codes…), in the vocabulary's order."""
    return [getattr(term, attribute) for term in sorted(terms, key=lambda term: term.sort_order)]


def keys(pages):
    return sorted({page.key for page in pages})


def page_record(page, files):
    """The exchange record of `page`, whose type registered a RecordType."""
    entry = registry.for_model(type(page))
    return {
        "type": entry.name,
        "key": page.key,
        "locale": page.locale.language_code,
        "title": page.title,
        "summary": page.summary,
        **entry.to_record(page, files),
    }


class NoFiles:
    """For records published without their files (open data)."""

    def image(self, image, name):
        return None

    def document(self, document, name):
        return None


def pages_of(entry):
    return entry.model.objects.select_related("locale").prefetch_related(*entry.export_related)


def published(entry):
    return pages_of(entry).live().public().order_by("key", "locale__language_code")
