"""Keep the search index current when pages change (CONVENTIONS: reindex on publish, unpublish, moves, deletes).

Deleting a page deletes its documents by cascade; the rest goes through indexing.index_pages.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from base.visibility import forget_restrictions

from .indexing import index_pages, remove_pages


@receiver(page_published)
def page_published_handler(sender, instance, **kwargs):
    index_pages([instance])


@receiver(page_unpublished)
def page_unpublished_handler(sender, instance, **kwargs):
    """Also sent while a live page is being deleted, when the database still says it is live."""
    remove_pages([instance])


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    """Moving a page changes its address and its descendants'."""
    index_pages(Page.objects.descendant_of(instance, inclusive=True).live())


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    """A page's restrictions are written to its documents again (a password-restricted page leaves
    the index); a page made public again is public in the index."""
    forget_restrictions()
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path:
        index_pages(Page.objects.filter(path__startswith=path))
