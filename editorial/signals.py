"""A partner organisation's group follows its page: created with it, renamed with its original."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from partners.models import PartnerPage

from .roles import ensure_partner_group


@receiver(post_save, sender=PartnerPage)
def partner_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        ensure_partner_group(instance)
