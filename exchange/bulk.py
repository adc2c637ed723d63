"""Work that Wagtail repeats on every save, done once per page at the end of a bulk import.

A page is saved two or three times while it is created and published; each save would
update the reference index, the admin search index, the public search index and the
navigation cache. During an
import those updates wait, and run once for each page written (still inside the
transaction, so they are rolled back with it).
"""

from contextlib import contextmanager

from django.db.models.signals import post_save
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from home import navigation
from search import indexing as search_indexing


@contextmanager
def deferred_indexing(pages):
    """Defer indexing while the block runs; afterwards index every page appended to `pages`."""
    models = [model for model in search_index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update(), navigation.forgetting_suspended(), search_indexing.deferred():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
    for page in {page.pk: page for page in pages}.values():
        ReferenceIndex.create_or_update_for_object(page)
        search_index.insert_or_update_object(page)
    navigation.forget_navigation()
