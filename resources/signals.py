"""A document whose file is replaced (Wagtail's Documents admin keeps the same Document, with a new file) gives its
new text to every resource that uses it, in every language, and search is brought up to date at once."""

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.search.index import insert_or_update_object

from search.indexing import index_pages

from .models import ResourcePage, text_or_nothing

Document = ResourcePage._meta.get_field("document").related_model


def refresh_resources_of(sender, instance, raw=False, **kwargs):
    """Re-read the text of the resources whose stored text came from another version of this document's file.

    Only the pages' own rows are rewritten (the live version, or the draft of a page never published): a draft
    revision saved before the change still holds the old hash, so publishing it reads the new file again.
    """
    if raw:  # loading fixtures: the stored text is as it was dumped
        return
    pages = ResourcePage.objects.filter(document=instance)
    if instance.file_hash:  # without a hash nobody can tell which version was read: read it again
        pages = pages.exclude(extracted_file_hash=instance.file_hash)
    pages = list(pages)
    if not pages:
        return
    text, file_hash = text_or_nothing(instance)  # once for all the translations sharing the document
    with transaction.atomic():
        # An update, not page.save(): saving would read a file that failed once more, once per page.
        ResourcePage.objects.filter(pk__in=[page.pk for page in pages]).update(
            extracted_text=text, extracted_file_hash=file_hash
        )
        for page in pages:
            page.extracted_text, page.extracted_file_hash = text, file_hash
            insert_or_update_object(page)  # Wagtail's own index, which the admin's page search uses
        index_pages(pages)


post_save.connect(refresh_resources_of, sender=Document, dispatch_uid="resources.refresh_resources_of")
