"""The home page of each language, standard pages and the site's settings: the top of the page tree."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
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

    notes_its_translation = False

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

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured = SiteSettings.for_request(request) if request else SiteSettings.for_site(self.get_site())
        context.update(home_context(self, request, featured.featured_keys()))
        return context


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


class SiteSettingsForm(WagtailAdminModelForm):
    """A practice is featured once, whichever of its language versions was chosen."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("featured_practices")
        if formset is None:
            return cleaned_data
        seen = set()
        for form in formset.forms:
            practice = form.cleaned_data.get("practice") if form.is_valid() else None
            if practice is None or form.cleaned_data.get("DELETE"):
                continue
            if practice.translation_key in seen:
                form.add_error("practice", _("This practice is already featured (perhaps in another language)."))
            seen.add(practice.translation_key)
        return cleaned_data


@register_setting(icon="mail")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """Settings editors change without a developer, and the practices every language's home page features."""

    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("Where partner organisations write to propose a practice."),
    )

    base_form_class = SiteSettingsForm
    panels = [
        FieldPanel("contact_email"),
        InlinePanel(
            "featured_practices",
            label=_("Featured practices"),
            max_num=6,
            help_text=_("Shown on the home page of every language, in the reader's language where translated."),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    def featured_keys(self):
        """The translation keys of the featured practices, in the editors' order, each once."""
        keys = []
        for item in self.featured_practices.select_related("practice").order_by("sort_order"):
            if item.practice.translation_key not in keys:
                keys.append(item.practice.translation_key)
        return keys


class FeaturedPractice(Orderable):
    """A practice editors put forward on every language's home page (chosen once for the site)."""

    settings = ParentalKey(SiteSettings, related_name="featured_practices", on_delete=models.CASCADE)
    practice = models.ForeignKey(
        "practices.PracticePage", verbose_name=_("practice"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("practice")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured practice")
        constraints = [models.UniqueConstraint(fields=["settings", "practice"], name="unique_featured_practice")]
