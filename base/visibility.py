"""Public pages without a query per listing: the private subtrees are few and kept in the cache."""

from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction

CACHE_KEY = "visibility:restricted-paths:v1"


def restricted_paths():
    paths = cache.get(CACHE_KEY)
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(CACHE_KEY, paths, timeout=None)
    return paths


def public(queryset):
    """`queryset.public()` (no page under a view restriction) from the cached restriction list."""
    condition = Q()
    for path in restricted_paths():
        condition |= Q(path__startswith=path)
    return queryset.exclude(condition) if condition else queryset


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def forget_restrictions(**kwargs):
    cache.delete(CACHE_KEY)
