"""Which Django group stands for which partner organisation (all language versions of its page)."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerGroup(models.Model):
    """The group of a partner organisation's members; named after the organisation, renamed with it."""

    translation_key = models.UUIDField(_("organisation"), unique=True)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="partner_organisation")

    class Meta:
        verbose_name = _("partner organisation's group")

    def __str__(self):
        return self.group.name
