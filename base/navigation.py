"""Links every page shows (home, menu, index pages), per language, kept in the cache.

They change only when pages near the top of the tree are saved, published, unpublished,
moved, copied or deleted, or a view restriction changes. Those signals bump a generation
counter kept in the database (`base.generation`), which every cache key carries: a worker
that did not handle the change (each has its own memory cache without Redis) stops using its
copy at its next request.
"""

from contextlib import contextmanager
from threading import local

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import generation

CACHE_KEY = "navigation:v3:{generation}:{language}"
GENERATION = "navigation"
# Root (1), the home pages (2) and their children (3): the pages navigation shows.
NAVIGATION_DEPTH = 3


def _build(language):
    locale = Locale.objects.filter(language_code=language).first()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or locale is None:
        return {"home_url": f"/{language}/", "menu": [], "indexes": {}}
    home = site.root_page.get_translation_or_none(locale) or site.root_page
    children = home.get_children().live().public().specific(defer=True)
    indexes = {}
    for child in children:  # a section's index page declares the section's name (BasePage.section)
        section = getattr(child, "section", "")
        if section and section not in indexes:
            indexes[section] = {"url": child.get_url(), "title": child.title, "pk": child.pk}
            browse = getattr(child, "browse_facets", None)  # a listing's (base.models.ListingPage)
            indexes[section].update(listing=browse is not None, browse=list(browse or ()))
    menu = [{"url": child.get_url(), "title": child.title, "pk": child.pk} for child in children if child.show_in_menus]
    return {"home_url": home.get_url(), "menu": menu, "indexes": indexes}


# This process's copies for one generation: the links by language, and the rendered fragments of
# templates that show only them (`fragment`). A request reads the generation (one indexed query) and
# nothing from the shared cache once its copy is here: with Redis, a read was a round trip a page.
_process = {"generation": None, "links": {}, "fragments": {}}


def navigation(language):
    global _process
    current = generation.current(GENERATION)
    copies = _process
    if copies["generation"] != current:
        copies = _process = {"generation": current, "links": {}, "fragments": {}}
    links = copies["links"].get(language)
    if links is None:
        key = CACHE_KEY.format(generation=current, language=language)
        links = cache.get(key)
        if links is None:
            links = _build(language)
            cache.set(key, links, timeout=None)
        links = copies["links"][language] = {**links, "generation": current}
    return links


def fragment(links, key, render):
    """The HTML `render()` gives for `key`, rendered once a process for the generation of `links`.

    For template fragments that show only navigation links and interface strings: `key` holds the
    fragment's name, the language and whatever else it varies by.
    """
    copies = _process
    if links.get("generation") != copies["generation"]:
        return render()  # a copy of an older generation: the fragment would not match it
    html = copies["fragments"].get(key)
    if html is None:
        html = copies["fragments"][key] = render()
    return html


def forget_process_copies():
    """For tests, whose rolled-back databases count the generation again from the same value."""
    global _process
    _process = {"generation": None, "links": {}, "fragments": {}}


_suspended = local()


@contextmanager
def forgetting_suspended():
    """For bulk imports: the cache is cleared once at the end instead of after every page."""
    _suspended.value = True
    try:
        yield
    finally:
        _suspended.value = False


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def forget_navigation(**kwargs):
    if getattr(_suspended, "value", False):
        return
    generation.bump(GENERATION)


@receiver(post_save)
@receiver(post_delete)
def forget_navigation_on_page_change(sender, instance=None, **kwargs):
    """Any save or deletion of a page navigation may show (a copy, a rename, a shell `save()`)."""
    if issubclass(sender, Page) and (instance.depth or 0) <= NAVIGATION_DEPTH:
        forget_navigation()
