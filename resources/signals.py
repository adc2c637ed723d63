"""A document whose file is replaced (Wagtail's Documents admin keeps the same Document, with a new file) gives its
new text to every resource that uses it, in every language, and search is brought up to date at once; a document
deleted takes its text out of them and out of search."""

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
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
    give_text(pages, text, file_hash)


def give_text(pages, text, file_hash):
    """Store this text as the pages' document text, in their rows, Wagtail's index and search."""
    with transaction.atomic():
        # An update, not page.save(): saving would read a file that failed once more, once per page.
        ResourcePage.objects.filter(pk__in=[page.pk for page in pages]).update(
            extracted_text=text, extracted_file_hash=file_hash
        )
        for page in pages:
            page.extracted_text, page.extracted_file_hash = text, file_hash
            insert_or_update_object(page)  # Wagtail's own index, which the admin's page search uses
        index_pages(pages)


def forget_text_of(sender, instance, **kwargs):
    """Before a document is deleted (its resources keep their page, without a file): its text leaves them.

    pre_delete, in the deletion's transaction: once the row is gone nothing says which pages read it."""
    pages = list(ResourcePage.objects.filter(document=instance).exclude(extracted_text=""))
    if pages:
        give_text(pages, "", "")


post_save.connect(refresh_resources_of, sender=Document, dispatch_uid="resources.refresh_resources_of")
pre_delete.connect(forget_text_of, sender=Document, dispatch_uid="resources.forget_text_of")
