"""Budgets of every public page: at most 12 SQL queries, which do not grow with the content, and bytes for 2G readers.

Measured uncached (the page cache is off here): what a reader pays on a miss, and what a cache hit
spares. HTML, CSS and JS a page needs are counted as transferred, gzipped as the site sends them.
"""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from home.factories import StandardPageFactory
from home.models import HomePage, StandardPage
from partners.models import PartnerIndexPage
from places.models import PlacesIndexPage
from practices.models import PracticeIndexPage
from resources.models import ResourceIndexPage
from tests import content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

MAX_TRANSFERRED = 30 * 1024
MAX_QUERIES = 12
COUNTRIES = ["TG", "PE", "SN", "MA", "CO"]
THEMES = ["child-participation", "girls-empowerment", "protection-systems", "trafficking"]


@pytest.fixture
def no_page_cache():
    with override_settings(PAGE_CACHE_SECONDS=0):
        yield


def standard_pages():
    """A standard page and one below it (the deepest pages of the tree: routing reads every level)."""
    about = StandardPage.objects.filter(slug="a-propos").first()
    if about is None:
        home = HomePage.objects.get(locale__language_code="fr")
        about = home.add_child(instance=StandardPageFactory.build(title="À propos", slug="a-propos"))
        about.add_child(instance=StandardPageFactory.build(title="Méthode", slug="methode"))
    return about.url, about.url + "methode/"


def public_urls(sample):
    def index(model, language="fr"):
        return model.objects.get(locale__language_code=language).url

    practices, resources = index(PracticeIndexPage), index(ResourceIndexPage)
    places, places_es = index(PlacesIndexPage), index(PlacesIndexPage, "es")
    about, method = standard_pages()
    return {
        "home": "/fr/",
        "home (es)": "/es/",
        "home (en)": "/en/",
        "standard page": about,
        "standard page below it": method,
        "practices": practices,
        "practices (en)": index(PracticeIndexPage, "en"),
        "practices, filtered": f"{practices}?country=togo&theme=child-participation",
        "practices, page 2": f"{practices}?page=2",
        "resources": resources,
        "resources, filtered": f"{resources}?theme=child-participation&kind=guide",
        "partners": index(PartnerIndexPage),
        "partners (es)": index(PartnerIndexPage, "es"),
        "practice": sample["togo"].url,
        "practice (es)": sample["togo_es"].url,
        "resource": sample["guide"].url,
        "partner": sample["partner"].url,
        "countries": places,
        "countries (es)": places_es,
        "country": places + "togo/",
        "country (es)": places_es + "togo/",
        "region": places + "sub-saharan-africa/",
        "search": "/fr/search/?q=conseils",
        "search (es)": "/es/search/?q=consejos",
    }


def more_content(sample, count):
    for number in range(count):
        content.practice(
            key=f"more-{number}",
            title=f"Pratique supplémentaire {number}",
            countries=[COUNTRIES[number % len(COUNTRIES)]],
            themes=THEMES[: 1 + number % len(THEMES)],
            partners=[sample["partner"].key],
            related_resources=[sample["guide"].key],
        )
    for number in range(count // 4):
        content.resource(key=f"more-resource-{number}", title=f"Ressource supplémentaire {number}")
        content.partner(key=f"more-partner-{number}", title=f"Partenaire supplémentaire {number}")


# Savepoints exist only because each test runs inside a transaction: a public page is served in autocommit
# (ATOMIC_REQUESTS is off; only admin POSTs are wrapped, base/middleware.py), where the same atomic block is a
# BEGIN and a COMMIT that Django does not log as queries.
TEST_TRANSACTION_ONLY = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def queries_of(client, urls):
    counts = {}
    for name, url in urls.items():
        client.get(url)  # first: per-process caches (labels, navigation) fill, as a running worker's are
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        statements = [query["sql"].lstrip().upper() for query in queries.captured_queries]
        counts[name] = len([sql for sql in statements if not sql.startswith(TEST_TRANSACTION_ONLY)])
    return counts


def test_every_public_page_takes_at_most_12_sql_queries_that_do_not_grow_with_the_content(client, sample):
    """Issue 14's budget: 12 queries a page, with little content and with more. What every page shares
    costs 4: the generations (base.generation), routing (base.routing: the pages on the path, then the
    page's own row), the translations for the language switcher; the site, locale, restrictions,
    navigation and index pages are kept per process under those generations."""
    urls = public_urls(sample)
    few = queries_of(client, urls)
    more_content(sample, 24)
    many = queries_of(client, urls)
    over = {name: (few[name], many[name]) for name in urls if max(few[name], many[name]) > MAX_QUERIES}
    assert not over, f"over {MAX_QUERIES} queries (little content, more content): {over}"
    grew = {name: (few[name], many[name]) for name in urls if many[name] > few[name]}
    assert not grew, f"queries grow with the content: {grew}"


CACHE_OPERATIONS = ("get", "get_many", "has_key", "set", "add", "incr", "delete", "set_many", "touch")


def test_an_uncached_public_page_asks_the_shared_cache_nothing(client, sample, monkeypatch):
    """With Redis as Django's cache each question is a round trip, which made pages slower with Redis than
    with each worker's own memory (issue 14): what a page reads on a miss (its labels' version, the sites'
    root paths, the navigation) is kept per process under the generations read once a request instead.
    The search page's rate limit counts in the cache by design (shared by the workers); it is off here,
    as in bench/page_bench.py."""
    urls = {
        **public_urls(sample),
        "api pages": "/api/v2/pages/",
        "api practices": "/api/v2/pages/?type=practices.PracticePage&fields=*",
    }
    for url in urls.values():
        client.get(url)  # first: per-process copies fill, as a running worker's are
    shared = caches["default"]  # the client's requests run in this thread: the same instance
    asked = []
    for name in CACHE_OPERATIONS:
        original = getattr(shared, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            asked.append((_name, args[:1]))
            return _original(*args, **kwargs)

        monkeypatch.setattr(shared, name, counted)
    with override_settings(SOCIALAB_RATE_LIMITS={}):
        for page, url in urls.items():
            response = client.get(url)
            assert response.status_code == 200, url
            assert asked == [], f"{page} asked the cache {asked}"


def assets_of(html):
    """The site's own CSS and JS files a page loads."""
    found = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    found += re.findall(r'<script[^>]+src="([^"]+)"', html)
    return sorted(set(found))


def gzipped_size(data):
    return len(gzip.compress(data, compresslevel=6))


def test_every_public_page_transfers_at_most_30_kb_of_html_css_and_js(client, sample):
    more_content(sample, 24)
    sizes = {}
    for name, url in public_urls(sample).items():
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, url
        assert response["Content-Encoding"] == "gzip", url
        html = gzip.decompress(response.content).decode()
        total = len(response.content)
        for asset in assets_of(html):
            path = finders.find(asset.removeprefix("/static/"))
            assert path, asset
            with open(path, "rb") as file:
                total += gzipped_size(file.read())
        sizes[name] = total
    over = {name: size for name, size in sizes.items() if size > MAX_TRANSFERRED}
    assert not over, f"over {MAX_TRANSFERRED} bytes: {over}"
