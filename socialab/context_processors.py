from django.utils import translation
from django.utils.functional import SimpleLazyObject

from base.navigation import navigation as build_navigation


def navigation(request):
    """`navigation`: home URL, menu and index pages in the active language (cached)."""
    return {"navigation": SimpleLazyObject(lambda: build_navigation(translation.get_language()))}
