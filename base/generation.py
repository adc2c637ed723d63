"""Shared invalidation for per-process caches: counters in the database, bumped when what they hold changes.

Without Redis, Django's cache is each worker's own memory; a `cache.delete()` in the worker that
handled a change leaves the others stale. A cache key that carries the current generation is
stale everywhere the moment any process bumps it.

Every counter is read in one query, once a request (`current`): the page cache, navigation, the
sites and the view restrictions a page asks for share that read. Outside a request (a command, a
test's own code) each question reads the database. `current(name, fresh=True)` always reads it.

A bump adds a random step rather than one: a value written by a transaction that was rolled back
is never reached again by a later bump, so a copy built from the rolled-back rows under that value
(`per_process`) is never taken for the committed state.
"""

import random
from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db import models
from django.db.models import F

_request_values = ContextVar("generations", default=None)  # {name: value} read this request; None: outside one
_process_copies = {}  # name: (generation, value) built by `per_process`
MAX_STEP = 2**31


class Generation(models.Model):
    name = models.CharField(max_length=50, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        app_label = "base"

    def __str__(self):
        return f"{self.name}={self.value}"


def _read_all():
    return dict(Generation.objects.values_list("name", "value"))


def current(name, fresh=False):
    """The generation `name` has in the database (0 if never bumped), read once a request unless `fresh`."""
    if fresh:
        return Generation.objects.filter(name=name).values_list("value", flat=True).first() or 0
    values = _request_values.get()
    if values is None:
        return _read_all().get(name, 0)
    if "*" not in values:
        values.update(_read_all(), **{"*": True})
    return values.get(name, 0)


def in_request():
    """Whether a request is being served (its generations are read once for all its questions)."""
    return _request_values.get() is not None


def bump(name):
    step = random.randint(1, MAX_STEP)  # noqa: S311 (not a secret: only never to repeat a rolled-back value)
    if not Generation.objects.filter(name=name).update(value=F("value") + step):
        Generation.objects.get_or_create(name=name, defaults={"value": step})
    values = _request_values.get()
    if values is not None:
        values.clear()  # this request reads the new values at its next question


def per_process(name, build, slot=""):
    """`build()`, kept in this process's memory while generation `name` stays the same (its key); `slot` tells
    apart several things kept under one generation.

    What it returns is shared by every request of the process: its users must not change what it holds."""
    number = current(name)
    kept = _process_copies.get((name, slot))
    if kept is not None and kept[0] == number:
        return kept[1]
    value = build()
    _process_copies[(name, slot)] = (number, value)
    return value


def kept(name, slot=""):
    """What `per_process` keeps for `name` in this process, whatever its generation (None if nothing)."""
    found = _process_copies.get((name, slot))
    return None if found is None else found[1]


def forget_process_copies():
    """Drop every copy `per_process` keeps (tests, whose rolled-back rows may repeat a generation)."""
    _process_copies.clear()


def _start_request(**kwargs):
    _request_values.set({})


def _end_request(**kwargs):
    _request_values.set(None)


request_started.connect(_start_request, dispatch_uid="base.generation.start")
request_finished.connect(_end_request, dispatch_uid="base.generation.end")
