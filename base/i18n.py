"""Where each language link of a page leads, so that switching language is never a dead end."""

import copy
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import urlencode
from wagtail.models import Page

from . import generation, navigation
from .relations import through_columns
from .visibility import is_public, is_public_path

READER = "from"  # the query parameter naming the language of a reader who followed a link to another language


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    # Set when the link leads to a page in another language than `code` (no translation yet): the original's.
    content_language: str | None = None
    # With `content_language`: the page exists in that language only.
    only_version: bool = False
    # No public version to lead to (the original is not public): that language's home page.
    leads_home: bool = False
    # The query string the link keeps (a listing's filters and page, the search's words): "" or "?…".
    query: str = ""

    @property
    def href(self):
        """Where the link leads. Standing in for a missing translation, it names the reader's language
        (`?from=es`): the original then tells her, in her language and in view, why it is not in it."""
        if not self.content_language:
            return self.url + self.query
        return f"{self.url}{self.query}{'&' if self.query else '?'}{urlencode({READER: self.code})}"


def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


# Languages whose grammar writes language names in lower case mid-sentence ("en français").
LOWER_CASE_LANGUAGE_NAMES = {"fr", "es", "pt", "it", "ca", "ro"}


def language_name_in_sentence(code):
    """The name of language `code` in the active language, cased for use inside a sentence."""
    name = translation.get_language_info(code)["name_translated"]
    return name.lower() if translation.get_language() in LOWER_CASE_LANGUAGE_NAMES else name


def language_home_url(code):
    with translation.override(code):
        return reverse("wagtail_serve", args=[""])


def live_translations(page):
    """The live versions of `page` in every locale (itself included), keyed by language code.

    Kept on the page object: the language links and the translation notice both need it.
    """
    if not hasattr(page, "_live_translations"):
        pages = Page.objects.filter(translation_key=page.translation_key).live().select_related("locale").order_by("pk")
        page._live_translations = {p.locale.language_code: p for p in pages}
    return page._live_translations


def original_of(translations):
    """The version the others were translated from: the first one created (wagtail-localize creates the source first)."""
    return min(translations.values(), key=lambda p: p.pk) if translations else None


def translated_from(page):
    """The original `page` was translated from, or None when `page` is the original."""
    original = original_of(live_translations(page))
    return original if original is not None and original.pk != page.pk else None


def page_language_links(page, request, suffix="", query=""):
    """Where each language link of `page` leads. The one rule for a missing translation: the original,
    marked with its language (`content_language`), whether `page` is that original or a translation of
    it; a language's home page only when the original is not public (then no public version stands in).

    `suffix`: the sub-path of a routable page (a country of the places index), the same in every language;
    `query`: the query string the links keep ("?…": a listing's filters and page number)."""
    current = translation.get_language()
    translations = live_translations(page)
    original = original_of(translations) or page
    links = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        if target is not None:
            links.append(LanguageLink(code, name, target.get_url(request) + suffix, code == current, query=query))
        elif is_public(original):
            url = original.get_url(request) + suffix
            only = len(translations) <= 1
            content = original.locale.language_code
            links.append(LanguageLink(code, name, url, False, content, only_version=only, query=query))
        else:
            links.append(LanguageLink(code, name, language_home_url(code), False, leads_home=True))
    return links


def view_language_links(request):
    """Links for views that are not Wagtail pages: the same view in each language.

    When the path is Wagtail's catch-all with no page (a 404), each language's home page,
    the current language's included.
    """
    current = translation.get_language()
    path = request.get_full_path()
    match = request.resolver_match
    translatable = match is not None and match.url_name != "wagtail_serve"
    links = []
    for code, name in settings.LANGUAGES:
        is_current = code == current
        if translatable:
            links.append(LanguageLink(code, name, translate_url(path, code), is_current))
        else:
            links.append(LanguageLink(code, name, language_home_url(code), is_current, leads_home=not is_current))
    return links


def in_reader_language(queryset, locale_id, versions=None):
    """One version per translation group: the reader's language when live, otherwise the original.

    Listings use it so that a practice not yet translated still appears, in its original
    language (the template says so), instead of disappearing for Spanish readers. `versions`:
    the versions that compete (every live one unless given; listings leave out password-protected ones).
    """
    versions = queryset.model.objects.live() if versions is None else versions
    live_versions = versions.filter(translation_key=OuterRef("translation_key"))
    return queryset.filter(
        Q(locale_id=locale_id)
        | (~Exists(live_versions.filter(locale_id=locale_id)) & ~Exists(live_versions.filter(pk__lt=OuterRef("pk"))))
    )


def page_in_locale(model, locale_id):
    """The live page of type `model` in the locale (index pages: one per language), else the default language's.

    Index pages are among those navigation shows: kept in the process under its generation, which their
    publication, unpublication, move, restriction or any save bumps (base.navigation)."""
    kept = generation.per_process(navigation.GENERATION, dict, slot="index pages")
    key = (model._meta.label, locale_id)
    if key not in kept:
        pages = model.objects.live().select_related("locale")
        found = (
            pages.filter(locale_id=locale_id).first()
            or pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        )
        if found is not None and found.depth > navigation.NAVIGATION_DEPTH:
            return found  # below what navigation watches: not kept
        kept[key] = found
    return copy.copy(kept[key])


def reader_versions(page, relation):
    """The pages `page` names through its many-to-many `relation` (forward, or reverse: then the pages naming
    any version of `page`), each in the reader's language (`page`'s locale) when live there, else its
    original; public ones, in tree order.

    The rule of `in_reader_language`, applied in Python to the live versions of the few translation groups
    named: their ids, paths and locales come from SQL written once a process (`_versions_sql`; building the
    ORM's subquery cost more than the rest of the list), then the chosen ones in one plain query by id.
    A preview's relations live in memory (modelcluster): their translation groups are read from there.
    """
    if page.pk is None and page._meta.get_field(relation).auto_created:
        return []  # a new page's preview: nothing names it yet
    named = getattr(page, relation).all()
    model = named.model
    if isinstance(named, QuerySet) and page.pk is not None:
        with connection.cursor() as cursor:
            cursor.execute(_versions_sql(type(page), relation), [page.pk])
            rows = cursor.fetchall()
    else:
        keys = [version.translation_key for version in named]
        rows = list(model.objects.live().filter(translation_key__in=keys).order_by("path").values_list(*VERSION_ROW))
    chosen = {}
    for row in rows:
        pk, key, locale, _path = row
        known = chosen.get(key)
        if known is None or (known[2] != page.locale_id and (locale == page.locale_id or pk < known[0])):
            chosen[key] = row
    ids = [row[0] for row in rows if chosen[row[1]] is row and is_public_path(row[3])]
    if not ids:
        return []
    for_cards = getattr(model, "for_cards", None)
    versions = model.objects.filter(pk__in=ids).order_by()
    loaded = {
        version.pk: version for version in (for_cards(versions) if for_cards else versions.select_related("locale"))
    }
    return [loaded[pk] for pk in ids if pk in loaded]


VERSION_ROW = ("pk", "translation_key", "locale_id", "path")
_written = {}  # (page model, relation): SQL


def _versions_sql(model, relation):
    """SQL of the VERSION_ROW of every live version of the pages one page (%s) names through `relation`."""
    if (model, relation) not in _written:
        through, source, target = through_columns(model, relation)
        pages = connection.ops.quote_name(Page._meta.db_table)
        # Relations name originals (the version a chooser offers): read from its other end, what names
        # any version of the page counts, or a translation would list nothing.
        named_by = (
            f"t.{source} IN (SELECT s.id FROM {pages} s JOIN {pages} o ON o.translation_key = s.translation_key "
            "WHERE o.id = %s)"
            if model._meta.get_field(relation).auto_created
            else f"t.{source} = %s"
        )
        _written[(model, relation)] = (
            f"SELECT v.id, v.translation_key, v.locale_id, v.path FROM {pages} v WHERE v.live AND v.translation_key IN "
            f"(SELECT r.translation_key FROM {pages} r JOIN {through} t ON t.{target} = r.id "
            f"WHERE {named_by}) ORDER BY v.path"
        )
    return _written[(model, relation)]


def one_choice_per_translation_group(field, language, selected=()):
    """Restrict a form field choosing pages to the original of each translation group (the version
    relations point to), each labelled with its title in `language` where translated; pages already
    `selected` stay choosable. Without it a chooser lists every language copy of each page."""
    model = field.queryset.model
    firsts = model.objects.values("translation_key").annotate(first=Min("pk")).values("first")
    field.queryset = model.objects.filter(Q(pk__in=firsts) | Q(pk__in=list(selected))).order_by("title")
    titles = dict(model.objects.filter(locale__language_code=language).values_list("translation_key", "title"))
    field.label_from_instance = lambda page: titles.get(page.translation_key, page.title)
