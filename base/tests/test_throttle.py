"""The shared rate limit: a fixed window per scope and identity, its expiry, the client's address, the decorator."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import translation

from base import throttle

START = 1_700_000_040.0  # the start of a minute (a multiple of 60)


def test_allows_up_to_the_limit_then_refuses_until_the_window_ends():
    verdicts = [throttle.hit("test", "1.2.3.4", limit=3, period=60, now=START + 10) for _ in range(4)]
    assert [verdict.allowed for verdict in verdicts] == [True, True, True, False]
    assert [verdict.count for verdict in verdicts] == [1, 2, 3, 4]
    assert verdicts[-1].retry_after == 50
    assert verdicts[0].retry_after == 0


def test_the_next_window_starts_afresh():
    for _ in range(3):
        throttle.hit("test", "1.2.3.4", limit=2, period=60, now=START + 59)
    assert not throttle.hit("test", "1.2.3.4", limit=2, period=60, now=START + 59.5).allowed
    fresh = throttle.hit("test", "1.2.3.4", limit=2, period=60, now=START + 60)
    assert fresh.allowed
    assert fresh.count == 1


def test_identities_and_scopes_are_counted_apart():
    assert not [throttle.hit("a", "x", 1, 60, now=START) for _ in range(2)][-1].allowed
    assert throttle.hit("a", "y", 1, 60, now=START).allowed
    assert throttle.hit("b", "x", 1, 60, now=START).allowed


def test_a_limit_of_zero_is_no_limit():
    assert all(throttle.hit("test", "x", 0, 60, now=START).allowed for _ in range(100))


def test_no_identity_is_kept_in_clear_in_the_cache_key():
    key = throttle.window_key("password_reset_email", "ana@example.org", 5)
    assert "ana" not in key
    assert key.startswith("throttle:password_reset_email:5:")


def test_retry_after_is_rounded_up_in_minutes_in_the_message():
    with translation.override("fr"):
        assert throttle.Verdict(False, 9, 61).message == "Trop de requêtes. Réessayez dans 2 minutes."
    with translation.override("en"):
        assert throttle.Verdict(False, 9, 61).message == "Too many requests. Please try again in 2 minutes."
        assert throttle.Verdict(False, 9, 3).message == "Too many requests. Please try again in 1 minute."


@override_settings(SOCIALAB_RATE_LIMITS={"named": (1, 3600)})
def test_check_reads_the_named_limit_from_the_settings():
    assert throttle.check("named", "x", now=START).allowed
    refused = throttle.check("named", "x", now=START)
    assert not refused.allowed
    assert refused.retry_after > 60
    assert throttle.check("not-configured", "x").allowed


@pytest.fixture
def redis_cache():
    """A Redis cache under a key prefix of its own; the test is skipped, visibly, without a server."""
    location = "redis://127.0.0.1:6379/0"
    config = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    config["KEY_PREFIX"] = f"socialab-test-{uuid.uuid4().hex}"
    with override_settings(CACHES={"default": config}):
        try:
            caches["default"].get("ping")
        except Exception as error:  # redis.ConnectionError, without importing redis here
            pytest.skip(f"no Redis server at {location}: {error}")
        yield caches["default"]
        caches["default"].delete_many(caches["default"]._cache.get_client().keys(f"{config['KEY_PREFIX']}:*"))


def test_parallel_hits_are_all_counted_with_redis(redis_cache):
    with ThreadPoolExecutor(max_workers=8) as pool:
        verdicts = list(pool.map(lambda _: throttle.hit("test", "x", 50, 60, now=START), range(80)))
    assert sorted(verdict.count for verdict in verdicts) == list(range(1, 81))
    assert sum(verdict.allowed for verdict in verdicts) == 50


# --- The client's address ------------------------------------------------------------


def request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_the_address_is_remote_addr_whatever_the_headers_say():
    assert throttle.client_ip(request(forwarded="203.0.113.9")) == "10.0.0.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_is_the_last_one_it_appended():
    assert throttle.client_ip(request(forwarded="203.0.113.9")) == "203.0.113.9"
    # What the client wrote itself is further left, and never believed.
    assert throttle.client_ip(request(forwarded="1.1.1.1, 203.0.113.9")) == "203.0.113.9"
    assert throttle.client_ip(request(forwarded="2001:db8::1")) == "2001:db8::1"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_address_is_the_one_the_outer_proxy_saw():
    assert throttle.client_ip(request(forwarded="1.1.1.1, 203.0.113.9, 10.0.0.7")) == "203.0.113.9"
    assert throttle.client_ip(request(forwarded="10.0.0.7")) == "10.0.0.1"  # fewer hops than proxies


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_malformed_forwarded_address_falls_back_to_remote_addr():
    assert throttle.client_ip(request(forwarded="not-an-address")) == "10.0.0.1"
    assert throttle.client_ip(request(forwarded="")) == "10.0.0.1"


# --- The decorator ---------------------------------------------------------------------


@override_settings(SOCIALAB_RATE_LIMITS={"view": (2, 60)})
def test_the_decorator_answers_the_refusal_with_retry_after():
    calls = []

    @throttle.throttled("view", lambda request, verdict: HttpResponse(verdict.message, status=429))
    def view(request):
        calls.append(request)
        return HttpResponse("ok")

    statuses = [view(request()).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert len(calls) == 2
    refused = view(request())
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Cache-Control"] == "no-store"
    assert view(request(remote="10.0.0.2")).status_code == 200  # another client
