"""Rate limits of the search API, autocomplete and the search page: a clear 429 with Retry-After, per client."""

import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db

TINY = {**settings.SOCIALAB_RATE_LIMITS, "search_api": (2, 60), "autocomplete": (3, 60), "search_page": (2, 60)}


@pytest.mark.parametrize(("url", "limit"), [("/api/search/", 2), ("/api/search/autocomplete/", 3)])
@override_settings(SOCIALAB_RATE_LIMITS=TINY)
def test_the_api_answers_429_in_json_with_retry_after_past_its_limit(client, url, limit):
    for _ in range(limit):
        assert client.get(url, {"q": "enfants"}).status_code == 200
    refused = client.get(url, {"q": "enfants"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert refused.json() == {"error": "Too many requests. Please try again in 1 minute."}
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Cache-Control"] == "no-store"


@override_settings(SOCIALAB_RATE_LIMITS=TINY)
def test_each_client_address_and_each_endpoint_has_its_own_count(client):
    for _ in range(2):
        client.get("/api/search/", {"q": "enfants"})
    assert client.get("/api/search/", {"q": "enfants"}).status_code == 429
    assert client.get("/api/search/", {"q": "enfants"}, REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get("/api/search/autocomplete/", {"q": "enfants"}).status_code == 200


@override_settings(SOCIALAB_RATE_LIMITS=TINY)
def test_the_search_page_past_its_limit_is_a_page_of_the_site(client, home_pages):
    # Different searches: the same one again is served by the page cache, which costs nothing and counts not.
    for word in ("enfants", "filles"):
        assert client.get("/fr/search/", {"q": word}).status_code == 200
    assert client.get("/fr/search/", {"q": "enfants"}).status_code == 200  # from the page cache
    refused = client.get("/fr/search/", {"q": "quartiers"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    html = refused.content.decode()
    assert '<html lang="fr"' in html
    assert "Trop de recherches" in html
    assert "Réessayez dans 1 minute." in html
    assert 'class="site-header"' in html


def test_the_default_limits_leave_a_person_typing_alone(client):
    """Forty keystrokes in the search box, well inside a minute, all get their completions."""
    statuses = {client.get("/api/search/autocomplete/", {"q": "enfants"[: 2 + n % 6]}).status_code for n in range(40)}
    assert statuses == {200}
    limits = settings.SOCIALAB_RATE_LIMITS
    assert limits["autocomplete"] == (240, 60)
    assert limits["search_api"] == (60, 60)
