"""The anonymous page cache: a public page rendered once is served from the cache until what it shows changes.

Only what opts in is cached: a page declares, while it renders, the tags its content depends on
(`depends_on`; base.models.BasePage does it for every public page, after Wagtail's privacy checks
have let the request through). A response with no tag is never stored, nor one that sets a cookie,
uses the CSRF token, is not a 200, or says private / no-store. Readers with a session cookie (signed
in, or holding a page's password) or a messages cookie always get a fresh page, marked `Cache-Control: private`
(`keep_private`) so that no other cache keeps it either: a proxy, or the service worker (base.offline).
A reader who asked to save data (base.data_saver) has entries of her own: pages without decorative pictures.

Tags and what forgets them (base.page_cache_signals):
- `group:<translation key>`: the page in every language; forgotten when any of its versions is
  saved (a draft, a publication), and when a page it links to or that links to it changes (their
  relations: a partner's name on a practice, the practices a resource lists), or when the search
  changes its list of related documents;
- `content`: pages that aggregate others (home, listings, countries and regions, partners, the search
  page): forgotten by any page saved;
- `all`: every cached page; forgotten when something leaves public view or moves (an unpublication,
  a deletion, a move, a view restriction, a collection's privacy), and when the vocabulary,
  images, documents, sites, locales or best bets change, or the search index is rebuilt. A withdrawal
  is never served from the cache.

Each tag has a version in the cache; an entry keeps the versions it was rendered with and is stale as
soon as one differs (or was evicted). Forgetting writes new versions, at once and again when the
transaction commits, so a page rendered from the old rows between the two is never kept. The
entries expire after PAGE_CACHE_SECONDS whatever happens (0 turns the cache off).

With Redis every process shares the versions. With a per-process cache (development, or production
with SOCIALAB_SINGLE_PROCESS, beside which cron commands still run in processes of their own),
`all` is also a generation counter in the database (base.generation), read at each hit (the one read of
every counter a request makes): a withdrawal made by another process empties this one's page cache too.
"""

import gzip
import hashlib
import re
import uuid

import brotli
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip  # how GZipMiddleware reads Accept-Encoding
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers
from django.utils.text import compress_string

from . import data_saver, generation

EVERYTHING = "all"
CONTENT = "content"
PREFIX = "pagecache:v1:"
EPOCH_KEY = PREFIX + "epoch"  # changed by every forget: a render that saw it change is not stored
TAGS_ATTRIBUTE = "_page_cache_tags"
PERSONAL_ATTRIBUTE = "_page_cache_personal"
GENERATION = "page-cache"  # base.generation: `all`, for per-process caches
PER_PROCESS = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")
MAX_QUERY_LENGTH = 512  # longer query strings are not cached (nobody's links are that long)
FRESH_COOKIES = ("messages",)  # beside the session cookie: a reader who holds one gets a fresh page
NOT_STORED = {"private", "no-store", "no-cache"}
ACCEPTS_BROTLI = re.compile(r"\bbr\b")  # browsers offer it over HTTPS
BROTLI_QUALITY = 5  # of 11: most of the gain over gzip for a few milliseconds, once a miss
# Entry key → the version keys its entry was stored with, as this process last saw them: a hit reads the
# entry and its versions in one round trip to the cache. A guess, checked: a wrong one costs a second read.
_known_versions = {}
MAX_KNOWN = 20_000


def seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def _alias():
    return getattr(settings, "PAGE_CACHE_ALIAS", "default")


def store():
    return caches[_alias()]


def per_process():
    return settings.CACHES[_alias()]["BACKEND"] in PER_PROCESS


def group_tag(translation_key):
    return f"group:{translation_key}"


def depends_on(request, *tags):
    """Declare that the response to `request` shows what `tags` name (and so may be cached)."""
    if request is not None:
        request.__dict__.setdefault(TAGS_ATTRIBUTE, set()).update(tags)


def personal(request):
    """The response to `request` depends on something of this reader's the cache key lacks (where she came
    from): it is never stored."""
    if request is not None:
        request.__dict__[PERSONAL_ATTRIBUTE] = True


def _version_key(tag):
    return f"{PREFIX}tag:{tag}"


def forget(*tags):
    """Every cached page depending on one of `tags` is stale, now and once the transaction commits."""
    if not tags or not seconds():
        return

    def write():
        versions = {_version_key(tag): uuid.uuid4().hex for tag in tags}
        versions[EPOCH_KEY] = uuid.uuid4().hex
        store().set_many(versions, timeout=None)

    write()
    transaction.on_commit(write)
    if EVERYTHING in tags and per_process():
        generation.bump(GENERATION)


def forget_groups(translation_keys):
    forget(*(group_tag(key) for key in translation_keys))


def forget_all():
    forget(EVERYTHING)


def _entry_key(request):
    query = request.META.get("QUERY_STRING", "")
    light = " light" if data_saver.wanted(request) else ""  # a page without its decorative images
    where = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}{request.path}?{query}{light}"
    return PREFIX + "page:" + hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()


def _page_prefixes():
    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def _may_use_cache(request):
    if request.method not in ("GET", "HEAD") or not seconds():
        return False
    if not request.path_info.startswith(_page_prefixes()):
        return False  # only pages are cached, and every page is under its language's prefix
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    return not _readers_own(request)


def _readers_own(request):
    """Whether the request carries something of this reader's: a session (signed in, or holding a page's
    password), a messages cookie, credentials."""
    cookies = request.COOKIES
    if "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in cookies:
        return True
    return any(name in cookies for name in FRESH_COOKIES)


def keep_private(request, response):
    """Mark `Cache-Control: private` what was rendered for this reader alone (her session, a page marked
    personal, a CSRF token), so that no shared cache, nor the service worker (static/js/offline-rule.js), keeps it."""
    mine = _readers_own(request) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    if mine or request.__dict__.get(PERSONAL_ATTRIBUTE):
        patch_cache_control(response, private=True)


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.__dict__.get(PERSONAL_ATTRIBUTE):
        return False  # the page holds a CSRF token, or something else of this reader's
    directives = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    return not directives & NOT_STORED


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous readers' pages; placed before the session and the locale middleware, a
    hit costs one round trip to the cache (the entry with its tags' versions; two when this process has not
    seen the entry yet) and none of the rest. The body is stored compressed with brotli and with gzip, and
    sent as it is to a browser that accepts either (all of them, in practice; brotli over HTTPS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._serve(request)
        keep_private(request, response)
        if request.path_info.startswith(_page_prefixes()):
            patch_vary_headers(response, data_saver.VARY)
        return response

    def _serve(self, request):
        if not _may_use_cache(request):
            return self.get_response(request)
        cache, key = store(), _entry_key(request)
        guessed = _known_versions.get(key, ())
        found = cache.get_many([key, EPOCH_KEY, *guessed])
        entry, epoch = found.pop(key, None), found.pop(EPOCH_KEY, None)
        shared = not per_process()
        number = None if shared else generation.current(GENERATION)
        if entry is not None and entry.get("generation") == number:
            if self._fresh(cache, entry["versions"], guessed, found):
                _remember(key, entry["versions"])
                return self._response(request, entry)
        response = self.get_response(request)
        tags = request.__dict__.get(TAGS_ATTRIBUTE)
        if tags and _storable(request, response):
            self._store(cache, key, (epoch, number), tags | {EVERYTHING}, response)
        response.headers.setdefault("X-Page-Cache", "miss")
        return response

    @staticmethod
    def _fresh(cache, versions, guessed, found):
        """Whether every tag version the entry was rendered with is still current; `found`: the versions
        read with the entry (those `guessed`, absent when evicted)."""
        unread = [version_key for version_key in versions if version_key not in guessed]
        if unread:
            found = {**found, **cache.get_many(unread)}
        return all(found.get(version_key) == value for version_key, value in versions.items())

    @staticmethod
    def _store(cache, key, seen, tags, response):
        epoch, number = seen
        keys = [_version_key(tag) for tag in sorted(tags)]
        versions = cache.get_many([*keys, EPOCH_KEY])
        if versions.pop(EPOCH_KEY, None) != epoch:
            return  # something was forgotten while this page rendered: it may show the old content
        if number is not None and generation.current(GENERATION, fresh=True) != number:
            return  # the same, forgotten by another process
        for version_key in [key for key in keys if key not in versions]:
            value = uuid.uuid4().hex
            versions[version_key] = value if cache.add(version_key, value, timeout=None) else cache.get(version_key)
        if any(value is None for value in versions.values()):
            return
        skipped = ("x-page-cache", "content-length", "content-encoding")
        headers = [(name, value) for name, value in response.items() if name.lower() not in skipped]
        # Compressed once here rather than by GZipMiddleware at every hit: the page holds nothing of a
        # reader's (no CSRF token, no session), so the random bytes against BREACH are not needed either.
        entry = {"versions": versions, "generation": number, "status": response.status_code, "headers": headers}
        entry.update(
            gzip=compress_string(response.content), br=brotli.compress(response.content, quality=BROTLI_QUALITY)
        )
        cache.set(key, entry, timeout=seconds())
        _remember(key, versions)

    @staticmethod
    def _response(request, entry):
        accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
        encoding = "br" if ACCEPTS_BROTLI.search(accepted) else "gzip" if re_accepts_gzip.search(accepted) else None
        if encoding:
            response = HttpResponse(entry[encoding], status=entry["status"])
            response.headers["Content-Encoding"] = encoding
        else:
            response = HttpResponse(gzip.decompress(entry["gzip"]), status=entry["status"])
        for name, value in entry["headers"]:
            response.headers[name] = value
        response.headers["Content-Length"] = str(len(response.content))
        patch_vary_headers(response, ("Accept-Encoding",))
        response.headers["X-Page-Cache"] = "hit"
        return response


def _remember(key, versions):
    if len(_known_versions) >= MAX_KNOWN:
        _known_versions.clear()
    _known_versions[key] = tuple(versions)
