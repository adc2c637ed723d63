"""A partner organisation's group follows its page: created with it, renamed with its original.
A page's translation belongs to its translator."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page, Revision

from partners.models import PartnerPage

from .roles import ensure_partner_group


@receiver(post_save, sender=PartnerPage)
def partner_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A new page (an organisation or a translation of it) gets the group's permissions on it; other
    saves only keep the name. Wagtail's bookkeeping saves (`update_fields` without the title) pass."""
    if raw or (update_fields and "title" not in update_fields and not created):
        return
    ensure_partner_group(instance, grant=created)


@receiver(post_save, sender=Revision)
def translation_belongs_to_its_translator(sender, instance, created=False, raw=False, **kwargs):
    """wagtail-localize copies a page for its translation with the original's owner, then saves the
    translator's first revision. The translator becomes the owner, so that Wagtail's "add"
    permission (the Translators') lets them edit the translation they made, and only that."""
    if raw or not created or instance.user_id is None:
        return
    if instance.base_content_type_id != ContentType.objects.get_for_model(Page).pk:
        return
    page = Page.objects.filter(pk=instance.object_id).only("pk", "owner_id", "translation_key").first()
    if page is None or page.owner_id == instance.user_id:
        return
    earlier = Revision.objects.filter(base_content_type_id=instance.base_content_type_id, object_id=instance.object_id)
    if earlier.exclude(pk=instance.pk).exclude(user=None).exists():
        return  # someone worked on it before: it is theirs
    if Page.objects.filter(translation_key=page.translation_key, pk__lt=page.pk).exists():  # a translation
        Page.objects.filter(pk=page.pk).update(owner_id=instance.user_id)
