"""Closed vocabularies of DESIGN §3 that code reasons about: enumerations with translated labels.

Open vocabularies that editors extend (regions, countries, themes, target groups, SDG
targets) are snippets in models.py; these ones change only with the code that uses them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PracticeKind(models.TextChoices):
    GOOD_PRACTICE = "good-practice", _("Good practice")
    INNOVATIVE_INITIATIVE = "innovative-initiative", _("Innovative initiative")
    PARTNER_CONTRIBUTION = "partner-contribution", _("Partner contribution")


class ResourceKind(models.TextChoices):
    TOOLKIT = "toolkit", _("Toolkit")
    GUIDE = "guide", _("Guide")
    REPORT = "report", _("Report")
    TRAINING = "training", _("Training material")
    POLICY = "policy", _("Policy")
    VIDEO = "video", _("Video")
    OTHER = "other", pgettext_lazy("resource kind", "Other")


class GenderMarker(models.IntegerChoices):
    """Gender-equality marker of Canada's feminist international assistance policy."""

    NONE = 0, _("0 – Gender equality not targeted")
    LIMITED = 1, _("1 – Limited integration")
    INTEGRATED = 2, _("2 – Fully integrated")
    PRINCIPAL = 3, _("3 – Principal objective")


class ParticipationLevel(models.TextChoices):
    INFORMED = "informed", _("Children informed")
    CONSULTED = "consulted", _("Children consulted")
    COLLABORATIVE = "collaborative", _("Collaborative participation")
    CHILD_LED = "child-led", _("Child-led")


class EvidenceTier(models.TextChoices):
    DOCUMENTED = "documented", _("Documented")
    PEER_VALIDATED = "peer-validated", _("Peer-validated")
    EVALUATED = "evaluated", _("Evaluated")
