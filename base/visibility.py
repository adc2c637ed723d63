"""Public pages: those under no view restriction.

The restricted paths are read from the database, never kept in a process-wide cache: such a
copy went stale in the other workers when a restriction changed, and a moved private page keeps
its restriction but not its path. Within one request they are read once (a page asks for them
for each of its lists); the copy lives from the request's start to its end, and is dropped
when a restriction changes in the meantime.
"""

from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction

_request_copy = ContextVar("restricted_paths", default=None)  # None: outside a request, always read


def restricted_paths():
    memo = _request_copy.get()
    if memo is not None and "paths" in memo:
        return memo["paths"]
    paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    if memo is not None:
        memo["paths"] = paths
    return paths


def public(queryset):
    """`queryset.public()` (no page under a view restriction), for any queryset of pages."""
    condition = Q()
    for path in restricted_paths():
        condition |= Q(path__startswith=path)
    return queryset.exclude(condition) if condition else queryset


@receiver(request_started)
def _start_request_copy(**kwargs):
    _request_copy.set({})


@receiver(request_finished)
def _end_request_copy(**kwargs):
    _request_copy.set(None)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _drop_request_copy(**kwargs):
    memo = _request_copy.get()
    if memo is not None:
        memo.clear()


def is_public(page):
    """Whether a page (already loaded, e.g. prefetched) is live and under no view restriction."""
    return page.live and not any(page.path.startswith(path) for path in restricted_paths())
