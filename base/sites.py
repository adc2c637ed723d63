"""The sites, each language's home page and Wagtail's list of the sites' root paths, kept in each process's
memory under the `sites` generation (base.generation: read once a request with the other counters; bumped
when a site, a locale or a home page changes, or a page moves).

base.routing finds the site and home page of a request here. Page URLs read the root paths here where
Wagtail reads them from the cache (with Redis, a round trip): asked with the request, from where
`Page._get_site_root_paths` looks for them on it (SiteRootPathsMiddleware); asked without it during a
request (`page.url` in a template, the API's `full_url`), through BasePage's `_get_site_root_paths`.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale, Page, Site
from wagtail.models.sites import SiteRootPath
from wagtail.signals import post_page_move

from . import generation

GENERATION = "sites"
HOME_DEPTH = 2  # the home pages, whose translations are the roots of each language


def _read():
    sites = list(Site.objects.select_related("root_page"))
    keys = {site.root_page.translation_key for site in sites}
    homes = {
        (page.translation_key, page.locale.language_code): page
        for page in Page.objects.filter(translation_key__in=keys).select_related("locale")
    }
    return {"sites": sites, "homes": homes, "root_paths": _root_paths(sites, homes.values())}


def _root_paths(sites, homes):
    """What `Site.get_site_root_paths()` returns (in its order), from the sites and home pages read here."""
    ordered = sorted(sites, key=lambda site: site.hostname)
    ordered.sort(key=lambda site: site.is_default_site, reverse=True)  # stable: hostname within each
    ordered.sort(key=lambda site: site.root_page.url_path, reverse=True)
    i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
    paths = []
    for site in ordered:
        root = site.root_page
        roots = [
            page for page in homes if page.translation_key == root.translation_key and (i18n or page.pk == root.pk)
        ]
        paths += [
            SiteRootPath(site.id, page.url_path, site.root_url, page.locale.language_code)
            for page in sorted(roots, key=lambda page: page.path)
        ]
    return paths


def known():
    """{"sites", "homes" by (translation key, language), "root_paths"}: this process's copy, shared by its requests."""
    return generation.per_process(GENERATION, _read)


def site_root_paths():
    """`Site.get_site_root_paths()`, from this process's memory: a request's own list."""
    return list(known()["root_paths"])


class SiteRootPathsMiddleware:
    """Page URLs asked during a request read the sites' root paths kept here (under the `sites` generation)
    where Wagtail would read them from the cache: with Redis, a round trip on every page that links to one.
    Wagtail looks for them on the request (`Page._get_site_root_paths`); they are read only if asked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_cached_site_root_paths = SimpleLazyObject(site_root_paths)
        return self.get_response(request)


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
@receiver(post_page_move)
def forget_sites(**kwargs):
    generation.bump(GENERATION)


@receiver(post_save)
@receiver(post_delete)
def _home_changed(sender, instance=None, **kwargs):
    """A home page saved (its slug, its publication, a new translation) or deleted."""
    if not issubclass(sender, Page):
        return
    known = generation.kept(GENERATION)
    roots = {site.root_page.translation_key for site in known["sites"]} if known else set()
    if (instance.depth or 0) <= HOME_DEPTH or instance.translation_key in roots:
        forget_sites()
