"""StreamField blocks shared by every page type. Each block documents itself for editors."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section (level 2)")), ("h3", _("Sub-section (level 3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "base/components/heading_block.html"
        label = _("Heading")
        description = _("A section title; it also appears in the page outline used by screen readers.")
        preview_value = {"text": "Approche", "level": "h2"}

    def get_searchable_content(self, value):
        # Its words, not the name of its level ("Section (level 2)" would be found in every body).
        return [value.get("text") or ""] if self.search_index else []


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "base/components/paragraph_block.html"
        label = _("Paragraph")
        description = _("Text with bold, italic, lists and links.")
        preview_value = (
            "<p>Les enfants ont été consultés à chaque étape, avec des séances séparées pour les filles "
            "afin que chacune puisse s’exprimer librement.</p>"
        )


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it. Leave empty to use the image's description."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "base/components/figure_block.html"
        label = _("Image")
        description = _(
            "A photo or illustration with an optional caption. Never show an identifiable child without consent."
        )


def figure_image_ids(stream):
    """The ids of the images shown by a body's figure blocks, read from its stored data (no query)."""
    raw = getattr(stream, "raw_data", None) or []
    return [
        block["value"].get("image") for block in raw if block.get("type") == "figure" and block["value"].get("image")
    ]


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"), max_length=600)
    attribution = blocks.CharBlock(
        label=_("Attribution"),
        required=False,
        max_length=120,
        help_text=_("Role and place rather than a child's name, e.g. 'a girl aged 14, Lomé'."),
    )

    class Meta:
        icon = "openquote"
        template = "base/components/quote_block.html"
        label = _("Quote")
        description = _("A testimony, attributed without revealing who a child is.")
        preview_value = {
            "quote": "Maintenant, on nous écoute au conseil du quartier.",
            "attribution": "une adolescente, Lomé",
        }


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=20, help_text=_("e.g. 1,200 or 85 %"))
    label = blocks.CharBlock(label=_("What it counts"), max_length=120)

    def get_searchable_content(self, value):
        # One text, "320 children supported": a figure reads with what it counts.
        return [f"{value.get('value') or ''} {value.get('label') or ''}".strip()] if self.search_index else []


class KeyFiguresBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(KeyFigureBlock(), **kwargs)

    class Meta:
        icon = "list-ol"
        template = "base/components/key_figures_block.html"
        label = _("Key figures")
        description = _("A few numbers that sum up the results.")
        preview_value = [
            {"value": "320", "label": "enfants accompagnés"},
            {"value": "45 %", "label": "de filles parmi les participants"},
        ]


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, help_text=_("Defaults to the document's title."))

    class Meta:
        icon = "doc-full"
        template = "base/components/document_block.html"
        label = _("Document")
        description = _(
            "A downloadable file, shown with its format and size so readers on slow connections can decide."
        )


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    link_label = blocks.CharBlock(label=_("Button label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or external address"), required=False)

    class Meta:
        icon = "link"
        template = "base/components/call_to_action_block.html"
        label = _("Call to action")
        description = _("An invitation to act, with one button.")
        preview_value = {
            "text": "Votre organisation a une pratique à partager ?",
            "link_label": "Partager",
            "url": "https://example.org",
        }

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give an address."))}
            )
        return value


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    figure = FigureBlock()
    quote = QuoteBlock()
    key_figures = KeyFiguresBlock()
    document = DocumentBlock()
    call_to_action = CallToActionBlock()
