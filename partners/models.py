from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from base.api_fields import TermField, TermsField
from base.blocks import BodyBlock
from base.i18n import in_reader_language
from base.mixins import ExchangeKeyMixin
from base.models import BasePage
from base.visibility import public
from taxonomy.models import in_default_language

# A telephone number as people write it: an optional +, then digits, spaces, dots, dashes and brackets.
PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9(][0-9 ().-]{4,38}[0-9]$",
    _("Write the number with its country code, e.g. +228 22 21 00 00 (digits, spaces, dots, dashes, brackets)."),
)


class PartnerIndexPage(BasePage):
    """The list of partner organisations, one per language."""

    notes_its_translation = False

    template = "partners/partner_index_page.html"
    section = "partners"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["partners.PartnerPage"]

    class Meta:
        verbose_name = _("partner index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        partners = public(PartnerPage.objects.live()).select_related("country", "logo", "locale")
        context["partners"] = in_reader_language(partners, self.locale_id).order_by("title")
        return context


class PartnerPage(ExchangeKeyMixin, BasePage):
    """A partner organisation's profile, with the practices it shares."""

    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("Who the organisation is, in one or two sentences.")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(
        _("public e-mail"),
        blank=True,
        help_text=_("An address the organisation is glad to publish (e.g. contact@…), never a person’s private one."),
    )
    phone = models.CharField(_("public phone"), max_length=40, blank=True, validators=[PHONE_VALIDATOR])
    logo = models.ForeignKey(
        "images.CustomImage", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    themes = ParentalManyToManyField(
        "taxonomy.Theme",
        verbose_name=_("sectors"),
        blank=True,
        related_name="partner_pages",
        limit_choices_to=in_default_language,
    )
    is_fictional = models.BooleanField(
        _("fictional (demo content)"),
        default=False,
        help_text=_("Shown with a notice: this organisation does not exist."),
    )

    template = "partners/partner_page.html"
    parent_page_types = ["partners.PartnerIndexPage"]
    subpage_types = []

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("country"),
                FieldPanel("city"),
                FieldPanel("website"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("logo"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("is_fictional"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("summary"), index.SearchField("body")]
    api_fields = [
        APIField("key"),
        APIField("summary"),
        APIField("body"),
        APIField("country", serializer=TermField("iso_code")),
        APIField("city"),
        APIField("website"),
        APIField("email"),
        APIField("phone"),
        APIField("logo"),
        APIField("themes", serializer=TermsField()),
        APIField("is_fictional"),
    ]
    override_translatable_fields = [
        SynchronizedField("country"),
        SynchronizedField("themes"),
        SynchronizedField("logo"),
        SynchronizedField("website"),
        SynchronizedField("email"),
        SynchronizedField("phone"),
        SynchronizedField("is_fictional"),
        SynchronizedField("key"),
    ]

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    @staticmethod
    def for_cards(queryset):
        return queryset.select_related("locale", "country")

    @property
    def has_contact(self):
        return bool(self.website or self.email or self.phone)

    @property
    def phone_link(self):
        """The number as a tel: link wants it: + and digits only."""
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+") if self.phone else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["practices"] = self.practice_model().for_cards(self.practices())
        return context

    @classmethod
    def practice_model(cls):
        """The page type that names partners (practices), reached through its relation, not imported."""
        return cls._meta.get_field("practice_pages").related_model

    def practices(self):
        """Live practices this organisation takes part in, one per translation group, in this page's language."""
        practices = public(self.practice_model().objects.live()).filter(partners__translation_key=self.translation_key)
        return in_reader_language(practices, self.locale_id).distinct().order_by("-first_published_at")
