import logging

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from base.api_fields import TermsField
from base.facets import year_validators
from base.mixins import ExchangeKeyMixin, TaxonomyMixin
from base.models import BasePage, ListingPage
from taxonomy.choices import ResourceKind

from .cards import prefetch_resource_cards
from .extraction import ExtractionError, extract_text
from .fields import LanguageListField

logger = logging.getLogger(__name__)

YEAR_VALIDATORS = year_validators()


class ResourceIndexPage(ListingPage):
    """All resources, filterable; one per language."""

    template = "resources/resource_index_page.html"
    section = "resources"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    item_model = "resources.ResourcePage"
    kinds = ResourceKind.choices

    class Meta:
        verbose_name = _("resource index page")

    def year_filter(self, year):
        return Q(year=year)


class ResourcePage(ExchangeKeyMixin, TaxonomyMixin, BasePage):
    """A toolkit, guide, report…: a document to download or a link, described so it can be found."""

    # The page cache forgets it when it, a page it links to or its related documents change (base.page_cache).
    shows_other_pages = False

    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("What the resource is for, in one or two sentences.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ResourceKind.choices, default=ResourceKind.GUIDE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A PDF, Word, OpenDocument text, PowerPoint, Excel, CSV or text file; its text is extracted so that "
            "search finds what is inside."
        ),
    )
    link = models.URLField(_("link"), blank=True, help_text=_("Or the address where the resource is published."))
    languages = LanguageListField(_("languages the resource exists in"))
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    licence = models.CharField(_("licence"), max_length=100, blank=True, help_text=_("e.g. CC BY 4.0"))
    extracted_text = models.TextField(_("text of the document"), blank=True, editable=False)
    extracted_file_hash = models.CharField(max_length=40, blank=True, editable=False)

    template = "resources/resource_page.html"
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("kind"),
        MultiFieldPanel([FieldPanel("document"), FieldPanel("link")], heading=_("Document or link")),
        MultiFieldPanel(
            [FieldPanel("languages"), FieldPanel("publisher"), FieldPanel("year"), FieldPanel("licence")],
            heading=_("Details"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("countries", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Taxonomy"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("extracted_text"),
        index.FilterField("kind"),
    ]
    api_fields = [
        APIField("key"),
        APIField("summary"),
        APIField("kind"),
        APIField("document"),
        APIField("link"),
        APIField("languages", serializer=serializers.ListField(child=serializers.CharField())),
        APIField("publisher"),
        APIField("year"),
        APIField("licence"),
        APIField("countries", serializer=TermsField("slug")),
        APIField("themes", serializer=TermsField()),
        APIField("target_groups", serializer=TermsField()),
    ]
    override_translatable_fields = [
        *TaxonomyMixin.synchronized_taxonomy,
        SynchronizedField("kind"),
        SynchronizedField("document"),
        SynchronizedField("link"),
        SynchronizedField("languages"),
        SynchronizedField("year"),
        SynchronizedField("licence"),
        SynchronizedField("key"),
    ]

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def clean(self):
        super().clean()
        if not self.document_id and not self.link:
            raise ValidationError({"document": _("Attach a document or give a link.")})
        if self.document_id:
            try:
                self._extract()
            except ExtractionError as error:
                raise ValidationError({"document": str(error)}) from error

    def save(self, *args, **kwargs):
        if not self.document_id:
            self.extracted_text, self.extracted_file_hash = "", ""
        elif not self.has_text_of(self.document):
            self.extracted_text, self.extracted_file_hash = text_or_nothing(self.document)
        super().save(*args, **kwargs)

    def _extract(self):
        """Read the document's text once per file version (its hash), not on every save."""
        if not self.has_text_of(self.document):
            self.extracted_text, self.extracted_file_hash = read_text(self.document), self.document.file_hash or ""

    def has_text_of(self, document) -> bool:
        """Whether the stored text was read from this version of the file; without a hash, nobody can tell."""
        return bool(document.file_hash) and document.file_hash == self.extracted_file_hash

    for_cards = staticmethod(prefetch_resource_cards)

    @property
    def download_url(self):
        return self.document.url if self.document_id else self.link


def read_text(document) -> str:
    """The text of a Wagtail document's file; raises ExtractionError for a file that cannot or must not be read."""
    with document.open_file() as handle:
        return extract_text(handle, document.filename)


def text_or_nothing(document) -> tuple[str, str]:
    """The text of the document and the hash of the file it was read from, or ("", "") with a warning in the log:
    forms validate first, so a file that breaks later (or goes missing from storage) is kept, without its text."""
    try:
        return read_text(document), document.file_hash or ""
    except (ExtractionError, OSError) as error:
        logger.warning("Text of document %s not extracted: %s", document.pk, error)
        return "", ""
