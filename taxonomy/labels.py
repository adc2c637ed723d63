"""Labels of taxonomy terms in the reader's language, without a query per term.

Pages point at the default language's rows of the vocabulary; the other languages' rows
hold the translated names. The names of every term in every language are small enough
to keep in each process, refreshed whenever a term changes: the process asks a version once a
request (a key of the cache, or what the layer above plugs in with `keep_version_with`).
"""

import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation

from .models import Country, Region, SDGTarget, TargetGroup, Theme

TERM_MODELS = (Region, Country, Theme, TargetGroup, SDGTarget)
CACHE_KEY = "taxonomy:labels:v1"
VERSION_KEY = "taxonomy:labels-version:v1"
TERMS_CACHE_KEY = "taxonomy:default-terms:v1"
PK_CACHE_KEY = "taxonomy:terms-by-pk:v1"


_memo = {}  # this process's copies of the values, with the version they belong to
_request = threading.local()  # `checked`: whether this request already read the version
OUTSIDE_A_REQUEST_RECHECK = 1.0  # seconds: a command's lookups read the version at most this often


@receiver(request_started)
def _new_request(**kwargs):
    _request.checked = False


@receiver(request_finished)
def _request_done(**kwargs):
    _request.checked = None


def _cache_version():
    """The version kept as a key of Django's cache (with Redis, one round trip a read)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY)  # another process set it first
    return version


def _forget_in_cache():
    """The shared values and their version deleted together: every process reads them again."""
    cache.delete_many([CACHE_KEY, VERSION_KEY, TERMS_CACHE_KEY, PK_CACHE_KEY])


_source = {"version": _cache_version, "changed": _forget_in_cache, "shared": True}


def keep_version_with(read, changed):
    """Read the vocabulary's version with `read()` instead of the cache's key, and keep the values in each
    process only: for the layer above, which reads its own counters once a request anyway (base.vocabulary).
    `changed()` is called when a term is saved or deleted; it must change what `read()` returns in every process."""
    _source.update(version=read, changed=changed, shared=False)
    _memo.clear()


def forget_process_copies():
    """Drop this process's copies (tests, whose rolled-back rows may repeat a version)."""
    _memo.clear()


def _version_is_checked():
    checked = getattr(_request, "checked", None)
    if checked is None:  # outside a request: a command sees other processes' changes within a second
        return time.monotonic() - _memo.get("checked at", -OUTSIDE_A_REQUEST_RECHECK) < OUTSIDE_A_REQUEST_RECHECK
    return checked and "version" in _memo


def _shared(key, load):
    """The value under `key` (computed by `load` when missing), kept in this process.

    Each cache read unpickles the value: for a label or a term looked up hundreds of times a
    request that was the cost. The process keeps its copies while the version is unchanged;
    `forget_labels` drops them. The version is read once a request (with Redis as the cache, each
    read is a round trip: reading it at every lookup made pages slower than without a shared cache),
    or, as base.vocabulary arranges, with the counters the request reads from the database anyway.
    """
    if not _version_is_checked():
        version = _source["version"]()
        if _memo.get("version") != version:
            _memo.clear()
            _memo["version"] = version
        _memo["checked at"] = time.monotonic()
        if getattr(_request, "checked", None) is False:
            _request.checked = True
    if key not in _memo:
        value = cache.get(key) if _source["shared"] else None
        if value is None:
            value = load()
            if _source["shared"]:
                cache.set(key, value, timeout=None)
        _memo[key] = value
    return _memo[key]


def _load():
    labels = {}
    for model in TERM_MODELS:
        for key, language, name in model.objects.values_list("translation_key", "locale__language_code", "name"):
            labels[(model.__name__, key, language)] = name
    return labels


def all_labels():
    """Every term's name in every language, keyed by (model name, translation key, language)."""
    return _shared(CACHE_KEY, _load)


def label(term, language=None):
    """The name of `term` in `language` (the active one by default), or its own name if untranslated."""
    if term is None:
        return ""
    language = language or translation.get_language()
    return all_labels().get((type(term).__name__, term.translation_key, language), term.name)


def default_terms():
    """The default language's regions, countries and themes keyed by slug: the allowed filter values."""

    def load():
        default = {"locale__language_code": settings.LANGUAGE_CODE}
        return (
            {r.slug: r for r in Region.objects.filter(**default)},
            {c.slug: c for c in Country.objects.filter(**default).select_related("region")},
            {t.slug: t for t in Theme.objects.filter(**default)},
        )

    return _shared(TERMS_CACHE_KEY, load)


@receiver(post_save)
@receiver(post_delete)
def forget_labels(sender, **kwargs):
    if sender in TERM_MODELS:
        _source["changed"]()
        _memo.clear()  # this process sees the change at once, even within the request that made it


def terms_by_pk():
    """Every term of the default language, keyed by model name then primary key."""

    def load():
        default = {"locale__language_code": settings.LANGUAGE_CODE}
        return {model.__name__: {t.pk: t for t in model.objects.filter(**default)} for model in TERM_MODELS}

    return _shared(PK_CACHE_KEY, load)
