"""The taxonomy labels' version kept with the other generations (base.generation).

taxonomy.labels keeps every term's name in each process, checked against a version once a request.
Left to itself, that version is a key of Django's cache: with Redis, a round trip on every page. Here
it is the `taxonomy` generation, read in the one query a request makes for all of them, and bumped
by every term saved or deleted, so an uncached page asks the cache nothing for its labels.

A data migration that changes terms (signals do not fire for historical models) is followed by the
workers' restart, which starts every process with no copy.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from taxonomy import labels

from . import generation

GENERATION = "taxonomy"


def version():
    return generation.current(GENERATION)


@receiver(post_save, dispatch_uid="base.vocabulary.save")
@receiver(post_delete, dispatch_uid="base.vocabulary.delete")
def _term_changed(sender, **kwargs):
    if sender in labels.TERM_MODELS:
        generation.bump(GENERATION)


labels.keep_version_with(version)
