from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import BodyBlock


class BasePage(Page):
    """Fields and behaviour every public page shares: an introduction and a block body."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        max_length=500,
        help_text=_("One or two sentences shown under the title and in search results."),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        abstract = True


class HomePage(BasePage):
    """The root of each language's site: what Socialab is and where to start."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    template = "pages/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "practices.PracticeIndexPage",
        "resources.ResourceIndexPage",
        "partners.PartnerIndexPage",
        "places.PlacesIndexPage",
        "home.StandardPage",
    ]

    content_panels = [
        *BasePage.content_panels,
        InlinePanel("featured_practices", label=_("Featured practices"), max_num=6),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .home_context import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self, request))
        return context


class HomeFeaturedPractice(Orderable):
    """A practice editors put forward on the home page."""

    page = ParentalKey(HomePage, related_name="featured_practices", on_delete=models.CASCADE)
    practice = models.ForeignKey(
        "practices.PracticePage", verbose_name=_("practice"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("practice")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured practice")


class StandardPage(BasePage):
    """A plain content page: about the programme, methodology, legal notices…"""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    template = "pages/standard_page.html"
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class ListingPage(BasePage):
    """A filterable, paginated list of pages of one type (practices, resources), in the reader's language."""

    per_page = 12
    item_model = ""  # "app.Model" of the listed pages, which define `for_cards(queryset)`
    kinds = ()

    class Meta:
        abstract = True

    def listing_queryset(self):
        from django.apps import apps

        from .visibility import public

        return public(apps.get_model(self.item_model).objects.live())

    def year_filter(self, year):
        raise NotImplementedError

    def prefetch_cards(self, queryset):
        from django.apps import apps

        return apps.get_model(self.item_model).for_cards(queryset)

    def filtered(self, query):
        """(queryset, filters) for a GET query: the reader's language, filtered, newest first."""
        from taxonomy.labels import default_terms

        from .i18n import in_reader_language
        from .listing import apply_filters, parse_filters

        filters = parse_filters(query, self.kinds, default_terms())
        pages = in_reader_language(self.listing_queryset(), self.locale_id)
        pages = apply_filters(pages, filters, self.year_filter)
        return self.prefetch_cards(pages.order_by("-first_published_at", "-pk")), filters

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator
        from django.utils.translation import gettext

        from taxonomy.labels import default_terms

        from .listing import FIRST_YEAR, LAST_YEAR, filter_options

        context = super().get_context(request, *args, **kwargs)
        pages, filters = self.filtered(request.GET)
        paginator = Paginator(pages, self.per_page)
        requested = request.GET.get("page", "1")
        page_obj = paginator.get_page(requested)
        if str(page_obj.number) != requested.strip() and "page" in request.GET:
            filters.notices.append(
                gettext("There is no page “%(page)s”; here is page %(number)s.")
                % {"page": requested[:20], "number": page_obj.number}
            )
        base_url = self.get_url(request)
        context.update(
            filters=filters,
            page_obj=page_obj,
            items=page_obj.object_list,
            filter_options=filter_options(
                base_url, filters, default_terms(), self.kinds, range(LAST_YEAR, FIRST_YEAR - 1, -1)
            ),
            filter_query=filters.as_params(),
        )
        return context


@register_setting(icon="mail")
class SiteSettings(BaseSiteSetting):
    """Settings editors change without a developer."""

    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("Where partner organisations write to propose a practice."),
    )

    class Meta:
        verbose_name = _("site settings")
