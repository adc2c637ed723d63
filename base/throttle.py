"""Rate limits shared by the views that need them: a fixed-window counter in Django's cache.

`hit(scope, identity, limit, period)` counts one request of `identity` (a client address, an e-mail
address) in the current window of `period` seconds and says whether it is allowed, and if not, in how
many seconds the window ends. `cache.add` creates the window's counter once and `cache.incr` counts,
both atomic in Redis (and under a lock in the memory cache), so parallel workers never lose a hit.
A fixed window lets a client send up to twice its limit across a window's edge; the limits here are
about stopping floods, not metering, and one key per window costs a single round trip.

Limits are named in settings.SOCIALAB_RATE_LIMITS: {name: (requests, seconds)}; 0 requests is no limit.
Identities are hashed in the key, so no address is stored in the cache in clear.
"""

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext

KEY_PREFIX = "throttle"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int = 0
    retry_after: int = 0  # seconds until the window ends; 0 when allowed

    @property
    def minutes(self):
        """The wait in whole minutes, at least one: what a refusal tells a person."""
        return max(1, math.ceil(self.retry_after / 60))

    @property
    def message(self):
        """What a refused client is told, in the active language."""
        return ngettext(
            "Too many requests. Please try again in %(minutes)d minute.",
            "Too many requests. Please try again in %(minutes)d minutes.",
            self.minutes,
        ) % {"minutes": self.minutes}


ALLOWED = Verdict(allowed=True)


def window_key(scope, identity, window):
    digest = hashlib.sha256(str(identity).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{scope}:{window}:{digest}"


def _window(period, now):
    """The current window's number, and the seconds until it ends."""
    now = time.time() if now is None else now
    window = int(now // period)
    return window, max(1, math.ceil((window + 1) * period - now))


def hit(scope, identity, limit, period, now=None):
    """Count one request of `identity` under `scope`: at most `limit` in each window of `period` seconds."""
    if not limit or limit < 0:
        return ALLOWED
    window, remaining = _window(period, now)
    key = window_key(scope, identity, window)
    # A second past the window's end: the counter outlives its window, never the other way round.
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this request opens a fresh counter
        cache.add(key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return Verdict(allowed=True, count=count)
    return Verdict(allowed=False, count=count, retry_after=remaining)


def peek(name, identity, now=None):
    """Whether one more request of `identity` under the limit `name` would be allowed, without counting it."""
    limit, period = rate(name)
    if not limit or limit < 0:
        return ALLOWED
    window, remaining = _window(period, now)
    count = cache.get(window_key(name, identity, window), 0)
    if count < limit:
        return ALLOWED
    return Verdict(allowed=False, count=count, retry_after=remaining)


def rate(name):
    """(requests, seconds) of the limit `name` in settings.SOCIALAB_RATE_LIMITS; (0, 1) when unset."""
    return getattr(settings, "SOCIALAB_RATE_LIMITS", {}).get(name, (0, 1))


def check(name, identity, now=None):
    """Count one request of `identity` against the limit `name` of the settings."""
    limit, period = rate(name)
    return hit(name, identity, limit, period, now=now)


def client_ip(request):
    """The reader's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT proxies that each append the address
    they received from to X-Forwarded-For, the entry that many from the right (what the outermost proxy saw).

    Entries further left are whatever the client wrote, so they are never believed. Used by the rate limits
    here and by django-axes (AXES_CLIENT_IP_CALLABLE) alike.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return remote


def throttled(name, refuse):
    """View decorator: count each request against the limit `name` per client address; over it, answer
    `refuse(request, verdict)` instead of running the view, with a Retry-After header."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            verdict = check(name, client_ip(request) or "unknown")
            if verdict.allowed:
                return view(request, *args, **kwargs)
            response = refuse(request, verdict)
            response["Retry-After"] = str(verdict.retry_after)
            response["Cache-Control"] = "no-store"
            return response

        return wrapper

    return decorator
