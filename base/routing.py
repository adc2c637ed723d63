"""Wagtail's routing in two queries whatever the depth of the page: the pages on the path, then the one served.

Wagtail reads the site and the reader's locale, then walks the tree from the home page, two queries a
level (the child by its slug, then its specific row). Here the sites and each language's home page are
kept in each process's memory (base.sites); the pages on the path are read in one query and checked level by level
against the tree (each the child of the one before, with the next slug: what Wagtail's walk finds);
then the deepest page found routes what remains with its own `route`, so that a routable page's
sub-paths (/fr/pays/togo/), a 404, a draft and a private page behave exactly as before. When a page on
the way routes by rules of its own, Wagtail's walk decides. Wagtail's serve view takes the route from
where `Page.route_for_request` keeps it (`request._wagtail_route_for_request`).
"""

import copy

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from . import sites


def _choose(candidates, hostname, port):
    """wagtail.models.sites.get_site_for_hostname's choice, among the sites kept in memory."""

    def rank(site):
        if site.hostname == hostname:
            return 0 if site.port == port else 1 if site.is_default_site else 3
        return 2

    found = sorted((site for site in candidates if site.hostname == hostname or site.is_default_site), key=rank)
    if len(found) == 1 or (found and rank(found[0]) in (0, 1)):
        return found[0]
    if found and rank(found[0]) == 2:
        return found[len(found) == 2]
    return None


def _copy(page):
    """A request's own copy of a page kept in memory (a request caches things on the pages it uses)."""
    return copy.copy(page)


def site_for_request(request):
    """`Site.find_for_request(request)` without its query; Wagtail finds it where it keeps it on the request."""
    if not hasattr(request, "_wagtail_site"):
        site = _choose(sites.known()["sites"], split_domain_port(request._get_raw_host())[0], request.get_port())
        if site is not None:
            site = _copy(site)
            site.root_page = _copy(site.root_page)
        request._wagtail_site = site
    return request._wagtail_site


def _home(site):
    """`site.root_page.localized`: the live home page of the active language, else the site's own."""
    root = site.root_page
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return root
    try:
        language = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return root
    home = sites.known()["homes"].get((root.translation_key, language))
    return _copy(home) if home is not None and home.live else root


def _routes_by_slug(page):
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    return model is not None and model.route is Page.route


def _pages_on(home, components):
    """The pages below `home` along `components`, each the child of the one before: Wagtail's walk."""
    prefixes = [
        home.url_path + "".join(f"{slug}/" for slug in components[: level + 1]) for level in range(len(components))
    ]
    found = Page.objects.filter(
        path__startswith=home.path,
        depth__gt=home.depth,
        depth__lte=home.depth + len(components),
        slug__in=set(components),
        url_path__in=prefixes,
    )
    candidates = list(found) if components else []
    chain, parent = [], home
    for slug in components:
        child = [
            page
            for page in candidates
            if page.depth == parent.depth + 1 and page.slug == slug and page.path.startswith(parent.path)
        ]
        if len(child) != 1:
            break  # not there (or stored url paths disagree with the tree): Wagtail's walk goes on from here
        chain.append(child[0])
        parent = child[0]
    return chain


def route(request, path):
    """(page, args, kwargs) as `Page.route_for_request(request, path)` finds them, or None for a 404."""
    site = site_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    home = _home(site)
    try:
        chain = _pages_on(home, components)
        walked = [home, *chain]
        if not all(_routes_by_slug(page) for page in walked[:-1]):
            return home.specific.route(request, components)
        return walked[-1].specific.route(request, components[len(chain) :])
    except Http404:
        return None


def serve(request, path):
    """Wagtail's serve view, with the route found by `route`."""
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = route(request, path)
    return wagtail_views.serve(request, path)
