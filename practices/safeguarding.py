"""Safeguarding record of a practice: no child is exposed without consent, every story anonymised."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail_localize.fields import SynchronizedField

from base.blocks import figure_image_ids


class IdentifiableChildren(models.TextChoices):
    NO = "no", _("No: no child can be recognised in the image")
    YES = "yes", _("Yes: children can be recognised in the image")


class SafeguardingMixin(models.Model):
    safeguarding_identifiable_children = models.CharField(
        _("identifiable children in the image?"), max_length=3, choices=IdentifiableChildren.choices, blank=True
    )
    safeguarding_consent = models.BooleanField(
        _("informed consent obtained"),
        default=False,
        help_text=_("From each identifiable child and a parent or guardian, for publication on this site."),
    )
    safeguarding_anonymised = models.BooleanField(
        _("stories and quotes are anonymised"),
        default=False,
        help_text=_("No child's name, school, village or other detail that could identify them."),
    )

    safeguarding_panel = MultiFieldPanel(
        [
            FieldPanel("safeguarding_identifiable_children"),
            FieldPanel("safeguarding_consent"),
            FieldPanel("safeguarding_anonymised"),
        ],
        heading=_("Safeguarding (required before publishing)"),
    )
    synchronized_safeguarding = [
        SynchronizedField("safeguarding_identifiable_children"),
        SynchronizedField("safeguarding_consent"),
        SynchronizedField("safeguarding_anonymised"),
    ]

    class Meta:
        abstract = True

    def safeguarding_problems(self):
        """What is missing before this practice may be published: {field name: message}.

        The record covers every image of the page, the hero image and those in the body.
        """
        return safeguarding_gaps(
            identifiable_children=self.safeguarding_identifiable_children,
            consent=self.safeguarding_consent,
            anonymised=self.safeguarding_anonymised,
            has_image=bool(self.hero_image_id or figure_image_ids(self.body)),
        )

    def publication_problems(self):
        """The publication gate (base.gate) refuses a practice while its safeguarding record is incomplete."""
        return {**super().publication_problems(), **self.safeguarding_problems()}

    @property
    def safeguarding_complete(self):
        return not self.safeguarding_problems()


def safeguarding_gaps(*, identifiable_children, consent, anonymised, has_image):
    """The safeguarding rule, once for every path that publishes (editor form, importer…): {field: message}.

    Stories must be anonymised; with an image, the editor must say whether children can be
    recognised in it, and if so have their informed consent.
    """
    problems = {}
    if not anonymised:
        problems["safeguarding_anonymised"] = _("Confirm that stories and quotes are anonymised.")
    if has_image:
        if not identifiable_children:
            problems["safeguarding_identifiable_children"] = _("Say whether children can be recognised in the image.")
        elif identifiable_children == IdentifiableChildren.YES and not consent:
            problems["safeguarding_consent"] = _(
                "Children can be recognised in the image: publish only with their informed consent, or choose another image."
            )
    return problems
