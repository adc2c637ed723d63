"""sitemap.xml lists every public page of every language, with hreflang alternates for translations; robots.txt."""

import re
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from taxonomy.models import Country, Region

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
BASE = "http://localhost"  # the default Site's hostname, port 80
PLACES = {"fr": "/fr/pays/", "es": "/es/paises/", "en": "/en/countries/"}
TOGO_FR = f"{BASE}/fr/pratiques/conseils-denfants-dans-les-quartiers/"
TOGO_ES = f"{BASE}/es/practicas/consejos-de-ninas-y-ninos-en-los-barrios/"
PERU_FR = f"{BASE}/fr/pratiques/demuna-itinerantes/"


def sitemap(client):
    """{location: {hreflang: href}} of /sitemap.xml; fails on a repeated location."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    urls = {}
    for url in root.findall("sm:url", NS):
        location = url.findtext("sm:loc", namespaces=NS)
        assert location not in urls, f"{location} listed twice"
        alternates = url.findall("xhtml:link", NS)
        assert all(link.get("rel") == "alternate" for link in alternates)
        urls[location] = {link.get("hreflang"): link.get("href") for link in alternates}
        assert len(urls[location]) == len(alternates), f"{location}: a language repeated"
    return urls


def place_slugs():
    default = {"locale__language_code": settings.LANGUAGE_CODE}
    return [
        *Region.objects.filter(**default).values_list("slug", flat=True),
        *Country.objects.filter(**default).values_list("slug", flat=True),
    ]


def test_every_public_page_of_every_language_is_listed(client, sample):
    urls = sitemap(client)
    pages = {page.get_full_url() for page in Page.objects.live().public().filter(depth__gt=1)}
    sub_pages = {f"{BASE}{index}{slug}/" for index in PLACES.values() for slug in place_slugs()}
    assert len(sub_pages) == 3 * (3 + 11)
    assert set(urls) == pages | sub_pages
    for expected in (
        f"{BASE}/fr/",
        f"{BASE}/es/",
        f"{BASE}/en/",
        TOGO_FR,
        TOGO_ES,
        PERU_FR,
        f"{BASE}/fr/partenaires/association-horizon-fictive/",
        f"{BASE}/fr/ressources/guide-danimation-dun-conseil-denfants/",
        f"{BASE}/fr/pays/peru/",
        f"{BASE}/es/paises/peru/",
        f"{BASE}/en/countries/central-south-america/",
    ):
        assert expected in urls


def test_a_translated_practice_has_alternates_for_both_languages(client, sample):
    urls = sitemap(client)
    assert urls[TOGO_FR] == {"fr": TOGO_FR, "es": TOGO_ES}
    assert urls[TOGO_ES] == {"fr": TOGO_FR, "es": TOGO_ES}


def test_a_page_without_translation_has_no_alternates(client, sample):
    urls = sitemap(client)
    assert urls[PERU_FR] == {}
    assert urls[f"{BASE}/fr/ressources/guide-danimation-dun-conseil-denfants/"] == {}


def test_section_and_place_pages_have_an_alternate_per_language(client, home_pages):
    urls = sitemap(client)
    for code in ("fr", "es", "en"):
        assert urls[f"{BASE}/{code}/"] == {c: f"{BASE}/{c}/" for c in ("fr", "es", "en")}
        assert urls[f"{BASE}{PLACES[code]}"] == {c: f"{BASE}{path}" for c, path in PLACES.items()}
        # A country's page in one language points at the same country, not at the index, in the others.
        assert urls[f"{BASE}{PLACES[code]}peru/"] == {c: f"{BASE}{path}peru/" for c, path in PLACES.items()}


def test_drafts_unpublished_and_private_pages_are_absent(client, sample, hidden_practices):
    draft, withdrawn, private = (hidden_practices[name] for name in ("draft", "withdrawn", "private"))
    # The Spanish translation of the Togo practice is withdrawn: the French one loses its alternates.
    sample["togo_es"].unpublish()

    urls = sitemap(client)
    for page in (draft, withdrawn, private, sample["togo_es"]):
        assert page.get_full_url() not in urls
    assert not any("brouillon" in url or "retiree" in url or "reservee" in url for url in urls)
    assert urls[TOGO_FR] == {}
    assert PERU_FR in urls


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, home_pages):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not any(line.strip() == "Disallow: /" for line in lines)  # the public site stays crawlable
    assert client.post("/robots.txt").status_code == 405


PUBLIC = "https://socialab.example.org"


@pytest.mark.usefixtures("sample")
def test_setup_site_url_gives_the_sitemap_the_canonical_links_and_the_api_one_host(client, settings):
    settings.ALLOWED_HOSTS = ["socialab.example.org"]
    call_command("setup_site", "--url", PUBLIC, stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("socialab.example.org", 443, PUBLIC)
    reader = {"HTTP_HOST": "socialab.example.org", "secure": True}
    response = client.get("/sitemap.xml", **reader)
    root = ET.fromstring(response.content)
    locations = [url.findtext("sm:loc", namespaces=NS) for url in root.findall("sm:url", NS)]
    alternates = [link.get("href") for link in root.iter(f"{{{NS['xhtml']}}}link")]
    assert locations and alternates
    assert all(url.startswith(PUBLIC + "/") for url in locations + alternates), locations[:3]
    api = client.get("/api/v2/pages/?type=practices.PracticePage&fields=_,html_url", **reader).json()["items"]
    assert api and all(item["meta"]["html_url"].startswith(PUBLIC + "/") for item in api)
    page = locations[0]
    html = client.get(page.removeprefix(PUBLIC), **reader).content.decode()
    assert f'<link rel="canonical" href="{page}">' in html


@pytest.mark.parametrize("url", ["socialab.example.org", "ftp://socialab.example.org", "https://", "https://a.org/x/"])
def test_setup_site_refuses_an_address_that_is_not_a_site_s(url):
    with pytest.raises(CommandError, match="is not the address of a site"):
        call_command("setup_site", "--url", url, stdout=StringIO())
    assert Site.objects.get(is_default_site=True).hostname == "localhost"  # nothing half-written


@pytest.mark.usefixtures("sample")
@pytest.mark.parametrize("listing", ["/fr/pratiques/", "/fr/ressources/"])
def test_filtered_listings_are_followed_but_not_indexed(client, listing):
    """Every combination of filters is a URL: indexed, they made a crawl trap of tens of thousands of pages."""
    robots = '<meta name="robots" content="noindex, follow">'
    plain = client.get(listing).content.decode()
    assert robots not in plain
    filters = plain[plain.index('class="filters"') :]
    filter_links = re.findall(r'<a href="[^"]*\?[^"]*"[^>]*>', filters[: filters.index("</nav>")])
    assert filter_links and all('rel="nofollow"' in link for link in filter_links)
    filtered = client.get(listing + "?country=togo").content.decode()
    assert robots in filtered
    assert '<link rel="canonical" href="http://testserver' + listing + '?country=togo">' in filtered
