from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from base.api_fields import PageKeysField, RegionsField, ShownImageRenditionField, TermsField
from base.facets import LISTING_FACETS, year_validators
from base.listing import active_in
from base.mixins import ExchangeKeyMixin, TaxonomyMixin
from base.models import BasePage, ListingPage
from taxonomy.choices import EvidenceTier, GenderMarker, ParticipationLevel, PracticeKind
from taxonomy.models import in_default_language

from .blocks import PracticeBodyBlock
from .cards import prefetch_practice_cards
from .forms import PracticeForm
from .safeguarding import SafeguardingMixin

YEAR_VALIDATORS = year_validators(first=1990)


class PracticeStatus(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


class PracticeTag(TaggedItemBase):
    content_object = ParentalKey("practices.PracticePage", related_name="tagged_items", on_delete=models.CASCADE)


class PracticeIndexPage(ListingPage):
    """All practices, filterable; one per language."""

    template = "practices/practice_index_page.html"
    section = "practices"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["practices.PracticePage"]
    item_model = "practices.PracticePage"
    kinds = PracticeKind.choices
    facets = (*LISTING_FACETS, "gender_marker")
    browse_facets = ("theme", "region")

    class Meta:
        verbose_name = _("practice index page")

    def year_filter(self, year):
        return active_in(year)


class PracticePage(SafeguardingMixin, ExchangeKeyMixin, TaxonomyMixin, BasePage):
    """A good practice, innovative initiative or partner contribution, told so others can reuse it."""

    # The page cache forgets it when it, a page it links to or its related documents change (base.page_cache).
    shows_other_pages = False

    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("What was done and what changed, in 300 characters.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=PracticeKind.choices, default=PracticeKind.GOOD_PRACTICE)
    body = StreamField(PracticeBodyBlock(), blank=True, verbose_name=_("body"))
    gender_marker = models.PositiveSmallIntegerField(
        _("gender-equality marker"), choices=GenderMarker.choices, default=GenderMarker.NONE
    )
    participation = models.CharField(
        _("child participation"), max_length=20, choices=ParticipationLevel.choices, blank=True
    )
    evidence = models.CharField(
        _("evidence"), max_length=20, choices=EvidenceTier.choices, default=EvidenceTier.DOCUMENTED
    )
    sdg_targets = ParentalManyToManyField(
        "taxonomy.SDGTarget",
        verbose_name=_("SDG targets"),
        blank=True,
        related_name="practice_pages",
        limit_choices_to=in_default_language,
    )
    partners = ParentalManyToManyField(
        "partners.PartnerPage", verbose_name=_("partner organisations"), blank=True, related_name="practice_pages"
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=20, choices=PracticeStatus.choices, default=PracticeStatus.ONGOING
    )
    funding_source = models.CharField(
        _("funding source"),
        max_length=200,
        blank=True,
        help_text=_("Who paid for it: a ministry, a foundation, a cooperation agency, the organisation’s own funds…"),
    )
    related_resources = ParentalManyToManyField(
        "resources.ResourcePage", verbose_name=_("related resources"), blank=True, related_name="practice_pages"
    )
    tags = ClusterTaggableManager(through=PracticeTag, blank=True, verbose_name=_("tags"))
    hero_image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    template = "practices/practice_page.html"
    base_form_class = PracticeForm
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("kind"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("countries", widget=forms.CheckboxSelectMultiple),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("sdg_targets", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Where and what"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("gender_marker"),
                FieldPanel("participation"),
                FieldPanel("evidence"),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year"), FieldPanel("status")]),
            ],
            heading=_("Approach and evidence"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
                FieldPanel("funding_source"),
                FieldPanel("related_resources"),
            ],
            heading=_("Partners and resources"),
        ),
        SafeguardingMixin.safeguarding_panel,
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]
    api_fields = [
        APIField("key"),
        APIField("summary"),
        APIField("kind"),
        APIField("body"),
        APIField("regions", serializer=RegionsField()),
        APIField("countries", serializer=TermsField("slug")),
        APIField("themes", serializer=TermsField()),
        APIField("target_groups", serializer=TermsField()),
        APIField("sdg_targets", serializer=TermsField("code")),
        APIField("gender_marker"),
        APIField("participation"),
        APIField("evidence"),
        APIField("start_year"),
        APIField("end_year"),
        APIField("status"),
        APIField("partners", serializer=PageKeysField()),
        APIField("funding_source"),
        APIField("related_resources", serializer=PageKeysField()),
        APIField("tags"),
        APIField("hero_image"),
        APIField("hero_image_thumbnail", serializer=ShownImageRenditionField("fill-480x270", source="hero_image")),
    ]
    override_translatable_fields = [
        *TaxonomyMixin.synchronized_taxonomy,
        SynchronizedField("kind"),
        SynchronizedField("gender_marker"),
        SynchronizedField("participation"),
        SynchronizedField("evidence"),
        SynchronizedField("sdg_targets"),
        SynchronizedField("partners"),
        SynchronizedField("start_year"),
        SynchronizedField("end_year"),
        SynchronizedField("status"),
        SynchronizedField("related_resources"),
        SynchronizedField("hero_image"),
        SynchronizedField("key"),
        *SafeguardingMixin.synchronized_safeguarding,
    ]

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    for_cards = staticmethod(prefetch_practice_cards)
    taxonomy_relations = (*TaxonomyMixin.taxonomy_relations, "sdg_targets")

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year cannot be before the start year.")})
        if self.status == PracticeStatus.COMPLETED and not self.end_year:
            raise ValidationError({"end_year": _("A completed practice needs its end year.")})
