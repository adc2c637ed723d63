"""Public pages (under no view restriction), and the pages a signed-in reader may read.

Outputs that anyone may fetch or that are kept (feeds, sitemap, API, open data, caches,
counts) show public pages only: `public`, `is_public`. The HTML listings and the search
page also show a signed-in reader what Wagtail would serve them: pages under login
restrictions, and under group restrictions of a group they belong to (e.g. resources for
Volunteers), through `readable_restrictions` and `visible_to`. Password restrictions open
one page to whoever has its password; such pages are never listed.

The restrictions (their pages' paths, types and groups) are kept in each process's memory under the
`restrictions` generation (base.generation), which every change that can alter them bumps: a
restriction saved, deleted or given other groups, a page moved (a moved private page keeps its
restriction but not its path), deleted or made an alias. The generation is read once a request, with
every other; a change made by another worker is seen by this one at its next request.

`may_be_restricted(path)` lets a page skip Wagtail's two queries for its view restrictions when
none can apply: no restricted page, and no alias of one, lies on its path.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move

from . import generation

GENERATION = "restrictions"


def _read():
    """(id, path, type, group ids) of every view restriction, and the paths where one may apply: restricted
    pages and the aliases of restricted pages (Wagtail applies a source's restrictions to its aliases)."""
    groups = {}
    for restriction, group in PageViewRestriction.groups.through.objects.values_list(
        "pageviewrestriction_id", "group_id"
    ):
        groups.setdefault(restriction, set()).add(group)
    found = list(PageViewRestriction.objects.values_list("pk", "page__path", "restriction_type", "page_id"))
    rows = [(pk, path, kind, frozenset(groups.get(pk, ()))) for pk, path, kind, _page in found]
    suspects = {path for _pk, path, _kind, _groups in rows}
    seen = sources = {page for _pk, _path, _kind, page in found}
    while sources:  # aliases of restricted pages, and aliases of those
        aliases = dict(Page.objects.filter(alias_of_id__in=sources).values_list("pk", "path"))
        sources = set(aliases) - seen
        seen = seen | sources
        suspects.update(aliases.values())
    return {"rows": rows, "paths": tuple(path for _pk, path, _kind, _groups in rows), "suspects": tuple(suspects)}


def _known():
    return generation.per_process(GENERATION, _read)


def restricted_paths():
    return _known()["paths"]


def _restrictions():
    """(id, path, type, group ids) of every view restriction."""
    return _known()["rows"]


def may_be_restricted(path):
    """Whether a view restriction may apply to the page at `path` (False: Wagtail would find none)."""
    return any(path.startswith(suspect) for suspect in _known()["suspects"])


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


def at_or_below(paths):
    """The condition on a tree node (a page, a collection) of lying at one of `paths` or below it; empty for none."""
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def _outside(queryset, paths):
    """The pages of `queryset` at none of `paths` nor below them."""
    condition = at_or_below(paths)
    return queryset.exclude(condition) if condition else queryset


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
@receiver(post_page_move)
def forget_restrictions(**kwargs):
    """Every process reads the restrictions again. Whoever acts on a restriction's change (search indexing)
    calls it first, whatever the signals' order."""
    generation.bump(GENERATION)


@receiver(post_save)
def _alias_saved(sender, instance=None, **kwargs):
    """An alias made (or kept in step with its source): its source's restrictions apply to it.
    (A page deleted takes its restrictions with it, whose deletion bumps the generation.)"""
    if issubclass(sender, Page) and instance.alias_of_id:
        forget_restrictions()


def is_public(page):
    """Whether a page (already loaded, e.g. prefetched) is live and under no view restriction."""
    return page.live and is_public_path(page.path)


def is_public_path(path):
    """Whether no view restriction applies to the (live) page at tree path `path`."""
    return not any(path.startswith(restricted) for restricted in restricted_paths())
