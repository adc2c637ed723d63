"""The taxonomy labels' version kept with the other generations (base.generation).

taxonomy.labels keeps every term's name in each process, checked against a version once a request.
Left to itself, that version is a key of Django's cache: with Redis, a round trip on every page. Here
it is the `taxonomy` generation, read in the one query a request makes for all of them, and bumped
by every term saved or deleted (taxonomy.labels' own receiver calls `bump`), so an uncached page asks
the cache nothing for its labels.

A data migration that changes terms (signals do not fire for historical models) is followed by the
workers' restart, which starts every process with no copy.
"""

from taxonomy import labels

from . import generation

GENERATION = "taxonomy"


def version():
    return generation.current(GENERATION)


def bump():
    generation.bump(GENERATION)


labels.keep_version_with(version, bump)
