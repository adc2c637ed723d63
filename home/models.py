"""The home page of each language, standard pages and the site's settings: the top of the page tree."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from base.blocks import BodyBlock
from base.models import BasePage

from .home_context import home_context


class HomePage(BasePage):
    """The root of each language's site: what Socialab is and where to start."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    template = "home/home_page.html"
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

    template = "home/standard_page.html"
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


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
