from urllib.parse import urlparse

from django import template
from django.apps import apps
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from wagtail.models import Page

from base import navigation as site_navigation
from base import page_cache
from base.files import shown_file
from base.i18n import (
    READER,
    language_name_in_sentence,
    live_translations,
    page_language_links,
    reader_versions,
    translated_from,
    view_language_links,
)
from base.visibility import is_public
from taxonomy.labels import label

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """Each site language with the URL that shows the current content in it (see base.i18n).

    Asked twice a page (the hreflang alternates and the switchers): worked out once a request.
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    page = page if isinstance(page, Page) and page.pk else None
    suffix = context.get("route_suffix", "")
    key = (page.pk if page else None, suffix, translation.get_language())
    known = request.__dict__.setdefault("_language_links", {})
    if key not in known:
        query = kept_query(request) if getattr(page, "links_keep_query", False) else ""
        known[key] = page_language_links(page, request, suffix, query) if page else view_language_links(request)
    return known[key]


def kept_query(request):
    """The request's query string for the same page in another language ("?…" or ""): the filters and
    page number of a listing, not who followed the link (`READER`, the language she reads)."""
    query = request.GET.copy()
    query.pop(READER, None)
    return f"?{query.urlencode()}" if query else ""


@register.simple_tag
def original_page(page):
    """The page this one is a translation of, or None (also for a page that gathers others: BasePage.notes_its_translation)."""
    if not (isinstance(page, Page) and page.pk and getattr(page, "notes_its_translation", True)):
        return None
    return translated_from(page)


@register.filter
def in_sentence(language_code):
    """`fr` → "French" in English, "français" in French: a language name to put inside a sentence."""
    return language_name_in_sentence(language_code)


@register.filter
def term_label(term):
    """A taxonomy term's name in the reader's language."""
    return label(term)


@register.filter
def not_public(page):
    """A page under a view restriction (listed only to readers who may read it): it gets a badge."""
    return not is_public(page)


@register.filter
def in_other_language(page):
    """The language code of `page` when it is not the reader's (a listing shows an untranslated original)."""
    code = page.locale.language_code
    return code if code != translation.get_language() else ""


@register.simple_tag(takes_context=True)
def for_reader(context, relation):
    """The pages the page names through its many-to-many `relation`, as the versions in the reader's language,
    or originals; public ones."""
    page = context.get("page")
    return reader_versions(page, relation) if isinstance(page, Page) else getattr(page, relation).all()


@register.simple_tag
def feed_urls(feed, filter_query=()):
    """RSS and Atom URLs of a listing's feed, for the same filters."""
    query = f"?{urlencode(list(filter_query))}" if filter_query else ""
    return {kind: reverse(f"{feed}_feed_{kind}") + query for kind in ("rss", "atom")}


OG_LOCALES = {"fr": "fr_FR", "es": "es_ES", "en": "en_GB", "ar": "ar_AR", "pt": "pt_PT"}


@register.inclusion_tag("base/includes/seo.html", takes_context=True)
def seo_meta(context):
    """Canonical URL, hreflang alternates and Open Graph tags for the page being shown."""
    request = context.get("request")
    page = context.get("page")
    if request is None:
        return {}
    language = translation.get_language()
    path = request.path
    if context.get("filter_query") is not None:
        path += f"?{urlencode(list(context['filter_query']))}" if context["filter_query"] else ""
    alternates = [
        {"code": link.code, "url": request.build_absolute_uri(link.url)}
        for link in language_links(context)
        if not link.content_language and not link.leads_home
    ]
    image = None
    hero = shown_file(getattr(page, "hero_image", None), request) if isinstance(page, Page) else None
    if hero is not None:
        image = request.build_absolute_uri(hero.get_rendition("fill-1200x630|format-jpeg").url)
    return {
        "canonical": request.build_absolute_uri(path),
        "alternates": alternates,
        "og_type": "article" if getattr(page, "summary", None) else "website",
        "og_locale": OG_LOCALES.get(language, language),
        "og_image": image or request.build_absolute_uri(static("img/og-default.png")),
        "title": context.get("place_name") or getattr(page, "seo_title", "") or getattr(page, "title", "Socialab"),
        "description": getattr(page, "search_description", "")
        or getattr(page, "summary", "")
        or getattr(page, "introduction", ""),
    }


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context, page):
    """[{"title", "url"}] from the home page down to `page`'s parent."""
    navigation = context.get("navigation")
    parents = getattr(page, "parent_page_types", None) or []
    if navigation is not None and parents == ["home.HomePage"]:
        return [{"title": "Socialab", "url": navigation["home_url"]}]
    # Page types whose parent is always a section index: their trail comes from the cached navigation.
    parent_section = getattr(apps.get_model(parents[0]), "section", "") if len(parents) == 1 else ""
    if navigation is not None and parent_section:
        section = navigation["indexes"].get(parent_section)
        if section is not None:
            return [{"title": "Socialab", "url": navigation["home_url"]}, section]
    request = context.get("request")  # its URLs read the sites kept in memory (base.sites), not the cache
    return [{"title": ancestor.title, "url": ancestor.get_url(request)} for ancestor in page.get_ancestors()[1:]]


@register.simple_tag
def followed_from_here(url, language):
    """`url`, of content in `language`; when that is not the reader's, it says who follows it (`?from=fr`),
    so that the page can speak to her in her language (`reader_orientation`)."""
    reader = translation.get_language()
    return f"{url}?{urlencode({READER: reader})}" if url and language != reader else url


@register.simple_tag(takes_context=True)
def reader_url(context, item):
    """The URL of `item` (a page), followed from here (`followed_from_here`)."""
    return followed_from_here(item.get_url(context.get("request")), item.locale.language_code)


@register.simple_tag(takes_context=True)
def reader_orientation(context):
    """For a reader who came from a page in her own language to one that is not in it (a result, a card, the
    language switcher): {language, back, only, searching}. `back`: where she came from (a page of this site in
    her language), or her language's search (`searching`); `only`: the page has no other version."""
    request, page = context.get("request"), context.get("page")
    language = request.GET.get(READER, "") if request is not None else ""
    if not isinstance(page, Page) or language not in dict(settings.LANGUAGES) or language == translation.get_language():
        return None
    back = request.headers.get("referer", "")
    page_cache.personal(request)  # the way back is this reader's
    same_site = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    searching = not (same_site and urlparse(back).path.startswith(f"/{language}/"))
    if searching:
        with translation.override(language):
            back = reverse("search")
    only = len(live_translations(page)) <= 1
    return {"language": language, "back": back, "only": only, "searching": searching}


@register.tag
def navigation_fragment(parser, token):
    """`{% navigation_fragment "name" value… %}…{% endnavigation_fragment %}`: HTML showing only the navigation
    links and interface strings, rendered once a process per language, values and navigation generation
    (base.navigation.fragment): no cache read beyond the navigation's own."""
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("endnavigation_fragment",))
    parser.delete_first_token()
    return NavigationFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])


class NavigationFragmentNode(template.Node):
    def __init__(self, nodelist, values):
        self.nodelist = nodelist
        self.values = values

    def render(self, context):
        links = context.get("navigation")
        if links is None:
            return self.nodelist.render(context)
        key = (translation.get_language(), *(value.resolve(context) for value in self.values))
        return site_navigation.fragment(links, key, lambda: self.nodelist.render(context))


@register.filter
def in_menu(page, links):
    """`page`'s pk when the menu of `links` shows it (it is marked as the current item), else ""."""
    pk = getattr(page, "pk", None)
    return pk if pk is not None and any(item["pk"] == pk for item in links["menu"]) else ""


@register.simple_tag
def chosen_options(groups):
    """The selected options of a listing's or the search's filter groups (objects or dicts), in their order:
    the filters shown as removable links above the results and counted on the filters' summary."""

    def read(item, name):
        return item[name] if isinstance(item, dict) else getattr(item, name)

    return [option for group in groups for option in read(group, "options") if read(option, "selected")]
