"""Hypothesis over every public URL and its parameters: whatever a visitor or attacker sends, the
answer is a page, a notice, a redirect or a 4xx, never a 500 (the test client raises the error
instead of returning a 500, so the failing input is shown).

Values mix what the site expects with what broke it before: Unicode digits, NUL bytes, huge
numbers, quotes and newlines, search syntax, and API v2 filters with the wrong types.
"""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import content

pytestmark = pytest.mark.django_db

NASTY = [
    "²",
    "①",
    "٢٠٢١",
    "9" * 400,
    "-1",
    "1.5",
    "1e9",
    "\x00",
    "a\x00b",
    '"',
    "'",
    "\n",
    " ",
    "OR",
    "*",
    "(",
    "%",
    "\\",
    "<script>",
    "togo",
    "fr",
    "2021",
    "0",
    "1",
]
VALUES = st.one_of(st.sampled_from(NASTY), st.text(max_size=40), st.integers(-(10**30), 10**30).map(str))

SITE_PARAMETERS = ["q", "page", "year", "year_from", "year_to", "region", "country", "theme", "gender"]
SITE_PARAMETERS += ["gender_marker", "kind", "language", "locale", "sort", "mode", "type", "format", "data_saver"]
API_PARAMETERS = ["type", "fields", "search", "search_operator", "order", "limit", "offset", "child_of"]
API_PARAMETERS += ["descendant_of", "ancestor_of", "translation_of", "themes", "countries", "partners"]
API_PARAMETERS += ["site", "locale", "id", "html_path", "start_year", "gender_marker", "tags", "title"]

SITE_URLS = [
    "/fr/",
    "/es/",
    "/fr/pratiques/",
    "/fr/ressources/",
    "/fr/partenaires/",
    "/fr/pays/",
    "/fr/pays/togo/",
    "/fr/search/",
    "/fr/search/feed.rss",
    "/fr/search/feed.atom",
    "/api/search/",
    "/api/search/autocomplete/",
    "/fr/feeds/practices.rss",
    "/fr/feeds/practices.atom",
    "/fr/feeds/resources.rss",
    "/fr/feeds/resources.atom",
    "/sitemap.xml",
    "/robots.txt",
    "/opendata/practices.csv",
    "/opendata/practices.json",
    "/es/offline/",
    "/en/manifest.webmanifest",
    "/sw.js",
]
API_URLS = [
    "/api/v2/pages/",
    "/api/v2/pages/find/",
    "/api/v2/images/",
    "/api/v2/images/find/",
    "/api/v2/documents/",
    "/api/v2/documents/find/",
]
EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def some_content(home_pages):
    partner = content.partner(key="partner-fuzz")
    guide = content.resource(key="guide-fuzz")
    content.practice(key="practice-fuzz", image=True, partners=[partner.key], related_resources=[guide.key])


def get(client, url, params):
    response = client.get(f"{url}?{urlencode(params)}" if params else url)
    assert response.status_code < 500, (url, params)
    return response


@EXAMPLES
@given(
    url=st.sampled_from(SITE_URLS),
    params=st.dictionaries(st.sampled_from(SITE_PARAMETERS), VALUES, max_size=5),
)
def test_site_urls_never_give_a_500(client, some_content, url, params):
    get(client, url, params)


@EXAMPLES
@given(
    url=st.sampled_from(API_URLS),
    params=st.dictionaries(st.sampled_from(API_PARAMETERS), VALUES, max_size=4),
)
def test_api_urls_never_give_a_500(client, some_content, url, params):
    get(client, url, params)


@EXAMPLES
@given(
    path=st.one_of(
        st.sampled_from(["fr/pratiques/", "fr/pays/", "api/v2/pages/", "documents/", "media/", "media/images/"]),
        st.text(min_size=1, max_size=30),
    ).map(lambda text: text.replace("\x00", "%00")),
    suffix=st.sampled_from(["", "1/", "999999999999999999999/", "²/", "%00/", "a.pdf", "../../etc/passwd"]),
)
def test_any_path_never_gives_a_500(client, some_content, path, suffix):
    get(client, "/" + path.lstrip("/") + suffix, {})


def test_the_fuzzed_urls_are_real_pages(client, some_content):
    """So that the tests above reach the views, not a 404."""
    for url in [*SITE_URLS, *[url for url in API_URLS if not url.endswith("find/")]]:
        assert client.get(url).status_code == 200, url
