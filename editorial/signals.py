"""A partner organisation's group follows its page: created with it, renamed with its original."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from partners.models import PartnerPage

from .roles import ensure_partner_group


@receiver(post_save, sender=PartnerPage)
def partner_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A new page (an organisation or a translation of it) gets the group's permissions on it; other
    saves only keep the name. Wagtail's bookkeeping saves (`update_fields` without the title) pass."""
    if raw or (update_fields and "title" not in update_fields and not created):
        return
    ensure_partner_group(instance, grant=created)
