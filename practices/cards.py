"""What a list of practice cards needs, fetched in a constant number of queries."""

from django.db.models import Prefetch
from wagtail.images import get_image_model

CARD_IMAGE = "fill-480x270"


def prefetch_practice_cards(queryset):
    images = get_image_model().objects.prefetch_renditions(f"{CARD_IMAGE}|format-webp", f"{CARD_IMAGE}|format-jpeg")
    return queryset.select_related("locale").prefetch_related(
        "countries", "themes", Prefetch("hero_image", queryset=images)
    )
