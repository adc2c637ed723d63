"""Shared invalidation for per-process caches: a counter in the database, bumped when what they hold changes.

Without Redis, Django's cache is each worker's own memory; a `cache.delete()` in the worker that
handled a change leaves the others stale. A cache key that carries the current generation is
stale everywhere the moment any process bumps it (one indexed read a lookup).
"""

from django.db import models
from django.db.models import F


class Generation(models.Model):
    name = models.CharField(max_length=50, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        app_label = "base"

    def __str__(self):
        return f"{self.name}={self.value}"


def current(name):
    return Generation.objects.filter(name=name).values_list("value", flat=True).first() or 0


def bump(name):
    if not Generation.objects.filter(name=name).update(value=F("value") + 1):
        Generation.objects.get_or_create(name=name, defaults={"value": 1})
