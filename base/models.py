"""The abstract pages every page type builds on: an introduction, and a filterable listing."""

from django.apps import apps
from django.core.paginator import Paginator
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from . import generation, page_cache, sites
from .facets import LISTING_FACETS, PROGRAMME_YEARS
from .gate import PublicationGateMixin
from .generation import Generation  # noqa: F401 (a model: Django finds models in models.py)
from .i18n import in_reader_language
from .listing import ListedPages, apply_filters, filter_options, listed_ids, parse_filters
from .visibility import is_public, listable, may_be_restricted, readable_restrictions, visible_to

PASSWORD_REQUIRED_TEMPLATE = "password_required.html"


class BasePage(PublicationGateMixin, Page):
    """Fields and behaviour every public page shares: an introduction, a block body, the publication gate."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        max_length=500,
        help_text=_("One or two sentences shown under the title and in search results."),
    )

    # For the index page of a site section: the section's name ("practices"…), which navigation links to.
    section = ""
    # base.page_cache: a page that lists or counts other pages is stale whenever any page changes; one
    # that shows only itself and the pages it links to (the reference index) is not.
    shows_other_pages = True
    # The "this page is a translation of the original" notice: for pages with a text of their own, not for
    # those that gather others (home, listings, places), whose every language is written for its readers.
    notes_its_translation = True
    # Whether the language links keep the query string (a listing's filters and page number).
    links_keep_query = False

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """Wagtail's, without its two queries when no restriction can apply (base.visibility.may_be_restricted)."""
        if self.path and not may_be_restricted(self.path):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        """During a request, Wagtail's list of the sites' root paths from the copy kept in memory
        (base.sites), where Wagtail reads it from the cache (with Redis, a round trip) for every page
        whose URL is asked without the request: `page.url` in a template, the API's `full_url`. Kept on
        `cache_object` as Wagtail keeps it (its redirects read it there), never on the page itself: a
        page may be kept per process, and the list must follow the sites."""
        if not generation.in_request() or kwargs:
            return super()._get_site_root_paths(cache_object, **kwargs)
        if cache_object is None:
            return sites.site_root_paths()
        if not hasattr(cache_object, "_wagtail_cached_site_root_paths"):
            cache_object._wagtail_cached_site_root_paths = sites.site_root_paths()
        return cache_object._wagtail_cached_site_root_paths

    def serve_password_required_response(self, request, form, action_url):
        """The site's own password form (site header, phone-sized, in the reader's language) instead of Wagtail's bare
        page. It is given the form and where it posts, not the page's context: nothing of a protected page can reach
        it (its title, summary, translations, menu entry), and its lists are not read for a page not shown."""
        return TemplateResponse(request, PASSWORD_REQUIRED_TEMPLATE, {"form": form, "action_url": action_url})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Rendered for a reader Wagtail's privacy checks let through: cacheable if the page is public.
        if is_public(self) and not getattr(request, "is_preview", False):
            tags = [page_cache.group_tag(self.translation_key)]
            page_cache.depends_on(request, *tags, *([page_cache.CONTENT] if self.shows_other_pages else []))
        return context


class ListingPage(BasePage):
    """A filterable, paginated list of pages of one type (practices, resources), in the reader's language."""

    per_page = 12
    item_model = ""  # "app.Model" of the listed pages, which define `for_cards(queryset)`
    kinds = ()
    facets = LISTING_FACETS  # what the listing (and its feeds) filters by, beside the year
    # What the search page offers to browse this listing by when a search finds nothing (facet names).
    browse_facets = ()
    notes_its_translation = False
    links_keep_query = True

    class Meta:
        abstract = True

    @classmethod
    def listed_model(cls):
        return apps.get_model(cls.item_model)

    def listing_queryset(self, reader=None):
        """The live pages listed: public ones, and for a signed-in `reader` those they may read."""
        return visible_to(self.listed_model().objects.live(), reader)

    def year_filter(self, year):
        raise NotImplementedError

    def prefetch_cards(self, queryset):
        return self.listed_model().for_cards(queryset)

    def filtered(self, query, reader=None):
        """(pages, filters) for a GET query: the reader's language, filtered, newest first. Public pages
        only unless a `reader` is given (the HTML page; never a feed). `pages` is a sliceable sequence
        (ListedPages from the index, or a queryset when no index answers)."""
        filters = parse_filters(query, self.kinds, facets=self.facets)
        ids = listed_ids(self.listed_model(), self.locale_id, filters, readable_restrictions(reader))
        if ids is None:
            return self.queried(filters, reader), filters
        # What the index chose is loaded under the same conditions as SQL's: a stale index never shows more.
        return ListedPages(
            ids, lambda chosen: self.prefetch_cards(self.listing_queryset(reader).filter(pk__in=chosen))
        ), filters

    def queried(self, filters, reader=None):
        """The same pages in SQL: one version per translation group among those a listing may show
        (not under a password, as search indexes them), filtered, newest first."""
        versions = listable(self.listed_model().objects.live())
        pages = in_reader_language(self.listing_queryset(reader), self.locale_id, versions)
        pages = apply_filters(pages, filters, self.year_filter)
        return self.prefetch_cards(pages.order_by("-first_published_at", "-pk"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages, filters = self.filtered(request.GET, reader=request.user)
        paginator = Paginator(pages, self.per_page)
        requested = request.GET.get("page", "1")
        page_obj = paginator.get_page(requested)
        if str(page_obj.number) != requested.strip() and "page" in request.GET:
            filters.notices.append(
                gettext("There is no page “%(page)s”; here is page %(number)s.")
                % {"page": requested[:20], "number": page_obj.number}
            )
        base_url = self.get_url(request)
        first, last = PROGRAMME_YEARS
        context.update(
            filters=filters,
            page_obj=page_obj,
            items=page_obj.object_list,
            filter_options=filter_options(base_url, filters, self.kinds, range(last, first - 1, -1)),
            filter_query=filters.as_params(),
        )
        return context
