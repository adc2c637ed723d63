"""Standard pages in search: their text, under the kind "page"."""

from django.utils.translation import gettext_lazy as _

from search import registry
from search.documents import stream_text

from .models import StandardPage


def describe_standard_page(page, document):
    document.facets.add(("kind", "page"))
    document.body = stream_text(page)


registry.register(StandardPage, describe=describe_standard_page, kinds=[("page", _("Page"))])
