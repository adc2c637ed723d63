"""The anonymous page cache: what it stores, for whom, and what makes it forget (base.page_cache)."""

import gzip
import os
import uuid

import brotli
import pytest
import redis
from django.test import override_settings
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from base import generation, page_cache
from base.page_cache_signals import neighbour_groups
from practices.models import PracticeIndexPage
from taxonomy.models import Theme
from tests import content

pytestmark = pytest.mark.django_db
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response


def cached_twice(client, url):
    """The page, fetched twice: the second answer must come from the cache."""
    first = fetch(client, url)
    second = fetch(client, url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit"), url
    assert second.content == first.content
    return second


def listing_url():
    return PracticeIndexPage.objects.get(locale__language_code="fr").url


# --- What is stored, and for whom ------------------------------------------------------


def test_public_pages_are_served_from_the_cache_with_their_headers(client, sample):
    for url in ("/fr/", listing_url(), sample["togo"].url, sample["guide"].url, sample["partner"].url, "/fr/pays/"):
        hit = cached_twice(client, url)
        assert hit["Content-Type"].startswith("text/html")
        assert hit["Content-Language"] == "fr"
        assert hit["Content-Security-Policy"]  # the outer middleware still adds its headers


def test_a_hit_is_gzipped_like_a_miss(client, sample):
    cached_twice(client, "/fr/")
    response = client.get("/fr/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["X-Page-Cache"] == "hit" and response["Content-Encoding"] == "gzip"


def test_each_query_string_is_its_own_entry(client, sample):
    plain = cached_twice(client, listing_url())
    filtered = fetch(client, listing_url() + "?country=peru")
    assert filtered["X-Page-Cache"] == "miss" and filtered.content != plain.content


def test_a_hit_reads_one_counter_from_the_database_with_a_per_process_cache(client, sample, django_assert_num_queries):
    cached_twice(client, "/fr/")
    with django_assert_num_queries(1):  # base.generation: what another process forgot
        assert fetch(client, "/fr/")["X-Page-Cache"] == "hit"


@pytest.fixture
def redis_cache(settings):
    """The page cache in Redis (database 15, a prefix of this test's own), or a visible skip without Redis."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}: the shared page cache is not tested")
    prefix = f"test-{uuid.uuid4().hex}"
    backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    settings.CACHES = {**settings.CACHES, "pages": backend}
    settings.PAGE_CACHE_ALIAS = "pages"
    yield
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_with_redis_a_hit_reads_nothing_from_the_database(client, sample, redis_cache, django_assert_num_queries):
    cached_twice(client, "/fr/")
    with django_assert_num_queries(0):
        assert fetch(client, "/fr/")["X-Page-Cache"] == "hit"
    sample["peru"].unpublish()
    assert fetch(client, "/fr/")["X-Page-Cache"] == "miss"


def test_a_withdrawal_by_another_process_empties_this_one_s_page_cache(client, sample):
    """Another process (a cron command, a second worker) forgot everything in its own memory cache: only the
    database counter it bumped is shared."""
    cached_twice(client, listing_url())
    generation.bump(page_cache.GENERATION)
    assert fetch(client, listing_url())["X-Page-Cache"] == "miss"


def test_signed_in_readers_never_use_the_cache(client, sample, admin_user):
    cached_twice(client, "/fr/")
    client.force_login(admin_user)
    for _ in range(2):
        response = fetch(client, "/fr/")
        assert "X-Page-Cache" not in response  # neither read nor written
    client.logout()


def test_a_reader_with_messages_gets_a_fresh_page(client, sample):
    cached_twice(client, "/fr/")
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in fetch(client, "/fr/")


def test_password_protected_pages_and_their_form_are_never_stored(client, sample):
    togo = sample["togo"]
    PageViewRestriction.objects.create(page=togo, restriction_type="password", password="a-password")
    for _ in range(2):
        response = fetch(client, togo.url)  # the password form
        assert response["X-Page-Cache"] == "miss"
        assert togo.title not in response.content.decode()


def test_errors_redirects_and_posts_are_not_stored(client, sample):
    for _ in range(2):
        assert client.get("/fr/no-such-page/")["X-Page-Cache"] == "miss"
    redirect = PracticeIndexPage.objects.get(locale__language_code="fr").url.rstrip("/")
    for _ in range(2):
        assert client.get(redirect + "/..", follow=False)["X-Page-Cache"] == "miss"


def test_long_query_strings_and_other_methods_bypass_the_cache(client, sample):
    url = listing_url() + "?q=" + "x" * (page_cache.MAX_QUERY_LENGTH + 1)
    assert "X-Page-Cache" not in client.get(url)
    assert "X-Page-Cache" not in client.options("/fr/")


@override_settings(PAGE_CACHE_SECONDS=0)
def test_zero_seconds_turns_the_cache_off(client, sample):
    for _ in range(2):
        assert "X-Page-Cache" not in fetch(client, "/fr/")


def test_pages_that_do_not_opt_in_are_not_stored(client, sample):
    for _ in range(2):
        assert client.get("/fr/feeds/practices.rss")["X-Page-Cache"] == "miss"


def test_addresses_outside_the_languages_never_reach_the_cache(client, sample):
    for url in ("/", "/sitemap.xml", "/api/v2/pages/", "/healthz"):
        assert "X-Page-Cache" not in client.get(url), url


# --- What makes it forget ---------------------------------------------------------------------


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_publishing_a_practice_refreshes_it_and_the_pages_listing_it_but_not_the_others(client, sample):
    peru, guide = sample["peru"], sample["guide"]
    for url in ("/fr/", listing_url(), peru.url, guide.url):
        cached_twice(client, url)
    publish(peru, title="DEMUNA itinérantes (revue)")
    assert "(revue)" in fetch(client, peru.url).content.decode()
    assert "(revue)" in fetch(client, listing_url()).content.decode()
    assert fetch(client, "/fr/")["X-Page-Cache"] == "miss"
    assert fetch(client, guide.url)["X-Page-Cache"] == "hit"  # a resource that neither links nor lists it


def test_a_practice_listing_a_changed_practice_among_its_related_ones_is_refreshed(client, sample):
    togo, peru = sample["togo"], sample["peru"]
    assert peru.title in fetch(client, togo.url).content.decode()  # among its related practices
    assert fetch(client, togo.url)["X-Page-Cache"] == "hit"
    publish(peru, title="DEMUNA itinérantes (revue)")
    assert "(revue)" in fetch(client, togo.url).content.decode()


def test_a_page_linking_to_a_changed_page_is_refreshed(client, sample):
    togo, guide = sample["togo"], sample["guide"]
    cached_twice(client, togo.url)
    publish(guide, title="Guide des conseils (2e édition)")
    assert "2e édition" in fetch(client, togo.url).content.decode()


def test_a_page_linked_from_a_changed_page_is_refreshed(client, sample):
    """A resource lists the practices that use it: a practice's change refreshes it."""
    togo, guide = sample["togo"], sample["guide"]
    cached_twice(client, guide.url)
    publish(togo, title="Conseils d’enfants (revu)")
    assert fetch(client, guide.url)["X-Page-Cache"] == "miss"


def test_a_translation_s_publication_refreshes_the_other_languages(client, sample):
    peru = sample["peru"]
    cached_twice(client, peru.url)
    content.practice(key="demuna-peru", locale="es", title="DEMUNA itinerantes")
    assert fetch(client, peru.url)["X-Page-Cache"] == "miss"  # its language switcher now has Español


def test_an_unpublished_page_leaves_every_cached_page(client, sample):
    togo, peru = sample["togo"], sample["peru"]
    for url in ("/fr/", listing_url(), togo.url, peru.url):
        cached_twice(client, url)
    peru.unpublish()
    assert client.get(peru.url).status_code == 404
    for url in ("/fr/", listing_url(), togo.url):
        response = fetch(client, url)
        assert response["X-Page-Cache"] == "miss", url
        assert "DEMUNA" not in response.content.decode(), url


@pytest.mark.parametrize("kind", ["login", "password", "groups"])
def test_a_page_under_a_new_restriction_leaves_the_cache(client, sample, kind):
    peru = sample["peru"]
    cached_twice(client, peru.url)
    cached_twice(client, listing_url())
    PageViewRestriction.objects.create(page=peru, restriction_type=kind, password="a-password")
    assert peru.title not in client.get(peru.url).content.decode()
    assert peru.title not in fetch(client, listing_url()).content.decode()


def test_a_deleted_or_moved_page_leaves_the_cache(client, sample):
    togo, peru = sample["togo"], sample["peru"]
    cached_twice(client, listing_url())
    cached_twice(client, togo.url)
    peru.delete()
    assert "DEMUNA" not in fetch(client, listing_url()).content.decode()
    assert fetch(client, togo.url)["X-Page-Cache"] == "miss"


def test_a_practice_s_neighbours_are_its_partners_and_resources_and_theirs_its_practices(sample):
    togo, guide, partner = sample["togo"], sample["guide"], sample["partner"]
    assert neighbour_groups(togo) == {guide.translation_key, partner.translation_key}
    assert neighbour_groups(guide) == {togo.translation_key}  # both its versions share the key
    assert neighbour_groups(partner) == {togo.translation_key}
    assert neighbour_groups(sample["peru"]) == set()


def test_a_renamed_theme_refreshes_every_page(client, sample):
    togo = sample["togo"]
    cached_twice(client, togo.url)
    theme = Theme.objects.get(slug="child-participation", locale__language_code="fr")
    theme.name = "Participation des enfants (renommé)"
    theme.save()
    assert fetch(client, togo.url)["X-Page-Cache"] == "miss"


def test_a_page_rendered_while_something_was_forgotten_is_not_stored(client, sample, monkeypatch):
    """A render that began before a change and ends after it may show the old rows: it is not kept."""
    real = page_cache.AnonymousPageCacheMiddleware._store

    def change_during_render(cache, key, seen, tags, response):
        page_cache.forget_all()
        return real(cache, key, seen, tags, response)

    monkeypatch.setattr(page_cache.AnonymousPageCacheMiddleware, "_store", staticmethod(change_during_render))
    for _ in range(2):
        assert fetch(client, "/fr/")["X-Page-Cache"] == "miss"


def test_an_evicted_version_makes_its_pages_stale(client, sample):
    cached_twice(client, "/fr/")
    page_cache.store().delete(page_cache._version_key(page_cache.CONTENT))
    assert fetch(client, "/fr/")["X-Page-Cache"] == "miss"
    assert fetch(client, "/fr/")["X-Page-Cache"] == "hit"


def test_the_search_page_is_cached_and_refreshed_by_any_change(client, sample):
    url = "/fr/search/?q=conseils"
    cached_twice(client, url)
    publish(sample["peru"], title="DEMUNA itinérantes (revue)")
    assert fetch(client, url)["X-Page-Cache"] == "miss"
    cached_twice(client, "/fr/search/?q=demuna")
    sample["peru"].unpublish()
    answer = fetch(client, "/fr/search/?q=demuna")
    assert answer["X-Page-Cache"] == "miss" and "DEMUNA itinérantes" not in answer.content.decode()


def test_a_best_bet_refreshes_the_search_page(client, sample):
    url = "/fr/search/?q=conseils"
    cached_twice(client, url)
    query = Query.objects.create(query_string="conseils")
    SearchPromotion.objects.create(query=query, page=sample["peru"], sort_order=0, description="À lire")
    assert fetch(client, url)["X-Page-Cache"] == "miss"


# --- What a hit costs ---------------------------------------------------------------------------------------


def test_a_hit_sends_the_stored_gzip_and_the_same_page_to_a_reader_without_gzip(client, sample):
    plain = cached_twice(client, "/fr/")
    zipped = client.get("/fr/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["X-Page-Cache"] == "hit" and zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content)
    assert "Accept-Encoding" in zipped["Vary"]
    unzipped = client.get("/fr/", HTTP_ACCEPT_ENCODING="identity")
    assert unzipped["X-Page-Cache"] == "hit" and "Content-Encoding" not in unzipped
    assert unzipped.content == plain.content and int(unzipped["Content-Length"]) == len(plain.content)


def test_a_hit_sends_brotli_to_a_browser_that_accepts_it(client, sample):
    plain = cached_twice(client, "/fr/")
    response = client.get("/fr/", HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    assert response["X-Page-Cache"] == "hit" and response["Content-Encoding"] == "br"
    assert brotli.decompress(response.content) == plain.content
    assert len(response.content) < len(gzip.compress(plain.content)) < len(plain.content)


class CountingCache:
    """The page cache's store, counting its round trips."""

    def __init__(self, cache):
        self.cache, self.reads = cache, 0

    def get_many(self, keys):
        self.reads += 1
        return self.cache.get_many(keys)

    def __getattr__(self, name):
        return getattr(self.cache, name)


def test_a_hit_is_one_round_trip_to_the_cache_once_the_process_has_seen_the_entry(client, sample, monkeypatch):
    counting = CountingCache(page_cache.store())
    monkeypatch.setattr(page_cache, "store", lambda: counting)
    page_cache._known_versions.clear()
    cached_twice(client, "/fr/")  # the miss stored the entry and remembered its versions
    counting.reads = 0
    assert fetch(client, "/fr/")["X-Page-Cache"] == "hit"
    assert counting.reads == 1
    page_cache._known_versions.clear()  # another worker's entry: its versions are read after it
    assert fetch(client, "/fr/")["X-Page-Cache"] == "hit"
    assert counting.reads == 3


def test_a_remembered_version_that_changed_or_was_evicted_is_not_trusted(client, sample):
    cached_twice(client, "/fr/")
    page_cache.forget(page_cache.CONTENT)
    cached_twice(client, "/fr/")  # a miss, then a hit again
    page_cache.store().delete(page_cache._version_key(page_cache.CONTENT))
    assert fetch(client, "/fr/")["X-Page-Cache"] == "miss"
