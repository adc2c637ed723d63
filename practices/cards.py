"""What a list of practice cards needs, fetched in a constant number of queries."""

from django.db.models import Prefetch
from wagtail.images import get_image_model

from base.mixins import with_taxonomy

CARD_IMAGE = "fill-480x270"


def prefetch_practice_cards(queryset):
    renditions = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(filter_spec__in=[f"{CARD_IMAGE}|format-webp", f"{CARD_IMAGE}|format-jpeg"])
    )
    # The image joins the page's row; its renditions come in one query, where Wagtail's picture tag looks; the
    # countries and themes with the other taxonomy relations, in one query (`item.taxonomy`).
    return with_taxonomy(
        queryset.select_related("locale", "hero_image").prefetch_related(
            Prefetch("hero_image__renditions", queryset=renditions, to_attr="prefetched_renditions")
        )
    )
