from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from base.blocks import RICH_TEXT_FEATURES, BodyBlock

SECTIONS = [
    ("context", _("Context")),
    ("approach", _("Approach")),
    ("results", _("Results")),
    ("lessons", _("Lessons learned")),
    ("challenges", _("Challenges")),
]


class SectionValue(blocks.StructValue):
    def section_label(self):
        return dict(SECTIONS).get(self.get("section"), "")


class SectionBlock(blocks.StructBlock):
    """One of the headed sections every practice tells the same way, so readers can compare."""

    section = blocks.ChoiceBlock(label=_("Section"), choices=SECTIONS)
    text = blocks.RichTextBlock(label=_("Text"), features=[*RICH_TEXT_FEATURES, "h3", "blockquote"])

    class Meta:
        icon = "doc-full-inverse"
        template = "practices/components/section_block.html"
        value_class = SectionValue
        label = _("Section")
        description = _("A headed part of the story: context, approach, results, lessons learned or challenges.")
        preview_value = {
            "section": "approach",
            "text": "<p>Des séances séparées pour les filles et les garçons, puis une restitution commune.</p>",
        }


class PracticeBodyBlock(BodyBlock):
    section = SectionBlock()
