from django import template
from wagtail.models import Page, Site

from home.i18n import language_name_in_sentence, page_language_links, translated_from, view_language_links

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """Each site language with the URL that shows the current content in it (see home.i18n)."""
    request = context.get("request")
    page = context.get("page")
    if isinstance(page, Page) and page.pk and request is not None:
        return page_language_links(page, request)
    if request is None:
        return []
    return view_language_links(request)


@register.simple_tag(takes_context=True)
def site_root(context):
    """The home page in the reader's language (the default language's one if not translated)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    return site.root_page.localized.specific


@register.simple_tag(takes_context=True)
def menu_pages(context, root):
    if root is None:
        return []
    return root.get_children().live().in_menu()


@register.simple_tag
def original_page(page):
    """The page this one is a translation of, or None."""
    return translated_from(page) if isinstance(page, Page) and page.pk else None


@register.filter
def in_sentence(language_code):
    """`fr` → "French" in English, "français" in French: a language name to put inside a sentence."""
    return language_name_in_sentence(language_code)
