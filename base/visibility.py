"""Public pages (under no view restriction), and the pages a signed-in reader may read.

Outputs that anyone may fetch or that are kept (feeds, sitemap, API, open data, caches,
counts) show public pages only: `public`, `is_public`. The HTML listings and the search
page also show a signed-in reader what Wagtail would serve them: pages under login
restrictions, and under group restrictions of a group they belong to (e.g. resources for
Volunteers), through `readable_restrictions` and `visible_to`. Password restrictions open
one page to whoever has its password; such pages are never listed.

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


def _restrictions():
    """(id, path, type, group ids) of every view restriction, read once a request."""
    memo = _request_copy.get()
    if memo is not None and "rows" in memo:
        return memo["rows"]
    groups = {}
    for restriction, group in PageViewRestriction.groups.through.objects.values_list(
        "pageviewrestriction_id", "group_id"
    ):
        groups.setdefault(restriction, set()).add(group)
    rows = [
        (pk, path, kind, frozenset(groups.get(pk, ())))
        for pk, path, kind in PageViewRestriction.objects.values_list("pk", "page__path", "restriction_type")
    ]
    if memo is not None:
        memo["rows"] = rows
    return rows


def readable_restrictions(user):
    """The ids of the login and group restrictions `user` passes, as Wagtail's `accept_request` decides
    (a superuser passes every group restriction); none for an anonymous reader."""
    if user is None or not user.is_authenticated:
        return frozenset()
    rows = _restrictions()
    member_of = set() if user.is_superuser else set(user.groups.values_list("pk", flat=True))
    return frozenset(
        pk
        for pk, _path, kind, groups in rows
        if kind == PageViewRestriction.LOGIN
        or (kind == PageViewRestriction.GROUPS and (user.is_superuser or member_of & groups))
    )


def listable_restrictions(pages):
    """{page pk: the ids of the restrictions over it, or None if one of them is a password (such a
    page is never listed nor indexed)}, from one read of the restrictions."""
    rows = _restrictions()
    found = {}
    for page in pages:
        over = [(pk, kind) for pk, path, kind, _groups in rows if page.path.startswith(path)]
        listable = all(kind in (PageViewRestriction.LOGIN, PageViewRestriction.GROUPS) for _pk, kind in over)
        found[page.pk] = frozenset(pk for pk, _kind in over) if listable else None
    return found


def visible_to(queryset, user):
    """The pages of `queryset` that `user` may read: the public ones, and those under restrictions they pass."""
    readable = readable_restrictions(user)
    if not readable:
        return public(queryset)
    return _outside(queryset, [path for pk, path, _kind, _groups in _restrictions() if pk not in readable])


def listable(queryset):
    """The pages of `queryset` under no password restriction: the ones a listing or search may show someone."""
    passwords = [path for _pk, path, kind, _groups in _restrictions() if kind == PageViewRestriction.PASSWORD]
    return _outside(queryset, passwords)


def public(queryset):
    """`queryset.public()` (no page under a view restriction), for any queryset of pages."""
    return _outside(queryset, restricted_paths())


def _outside(queryset, paths):
    """The pages of `queryset` at none of `paths` nor below them."""
    condition = Q()
    for path in paths:
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
def forget_restrictions(**kwargs):
    """Drop the request's copy of the restrictions (they changed): the next question reads them again.
    Whoever acts on a restriction's change (search indexing) calls it first, whatever the signals' order."""
    memo = _request_copy.get()
    if memo is not None:
        memo.clear()


def is_public(page):
    """Whether a page (already loaded, e.g. prefetched) is live and under no view restriction."""
    return page.live and not any(page.path.startswith(path) for path in restricted_paths())
