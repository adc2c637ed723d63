"""A partner organisation as search sees it: its country, city, sectors and description."""

from django.utils.translation import gettext_lazy as _

from search import registry
from search.documents import describe_country, stream_text
from taxonomy.labels import label

from .models import PartnerPage


def describe_partner(page, document):
    document.kind = "partner"
    document.facets.add(("kind", "partner"))
    labels = [page.city]
    if page.country_id:
        labels += describe_country(document, page.country)
    for theme in page.themes.all():
        document.facets.add(("theme", theme.slug))
        labels.append(label(theme))
    document.keywords = " ".join(labels)
    document.body = stream_text(page)


registry.register(
    PartnerPage, describe=describe_partner, prefetch=("themes",), kinds=[("partner", _("Partner organisation"))]
)
