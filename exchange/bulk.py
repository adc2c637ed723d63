"""Work that Wagtail repeats on every save, done once per page at the end of a bulk import.

A page is saved two or three times while it is created and published; each save would
update the reference index, the admin search index, the public search index and the
navigation cache. During an
import those updates wait, and run once for each page written (still inside the
transaction, so they are rolled back with it).
"""

import logging
from collections import defaultdict
from contextlib import contextmanager

from django.db.models.signals import post_save
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from base import navigation
from search import indexing as search_indexing

logger = logging.getLogger(__name__)


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
    pages = list({page.pk: page for page in pages}.values())
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)
    _index_for_admin(pages)
    navigation.forget_navigation()


def _index_for_admin(pages):
    """Wagtail's admin search index for `pages`, one bulk write per page type (not three queries a page)."""
    by_model = defaultdict(list)
    for page in pages:
        indexed = page.get_indexed_instance()
        if indexed is not None:
            by_model[type(indexed)].append(indexed)
    for model, objects in by_model.items():
        kept = set(model.get_indexed_objects().filter(pk__in=[o.pk for o in objects]).values_list("pk", flat=True))
        objects = [o for o in objects if o.pk in kept]
        for backend in get_search_backends(with_auto_update=True):
            try:
                backend.add_bulk(model, objects)
            except Exception:
                # As modelsearch's own signal handler: a database backend fails the transaction,
                # an external service's outage is logged and must not lose the import.
                if not backend.catch_indexing_errors:
                    raise
                logger.exception("Could not add %s %s pages to the admin search index", len(objects), model.__name__)
