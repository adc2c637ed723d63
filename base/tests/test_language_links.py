"""Where the language switcher leads (base.i18n.page_language_links, issue 15): one rule for a missing
translation, everywhere: the original, labelled with its language, never another language's home page;
listings, places and the search keep their query string."""

import re

import pytest

from tests import content

pytestmark = pytest.mark.django_db


def header_links(html):
    """{language: (href, hreflang, text)} of the header's switcher; the text includes what screen readers hear."""
    nav = html.split('aria-labelledby="language-header-label"', 1)[1].split("</nav>", 1)[0]
    found = re.findall(r'<a href="([^"]+)" lang="([a-z]+)"(?: hreflang="([a-z]+)")?[^>]*>(.*?)</a>', nav, re.S)
    return {
        lang: (href.replace("&amp;", "&"), hreflang, re.sub(r"<[^>]+>", "", text))
        for href, lang, hreflang, text in found
    }


def test_a_practice_only_in_french_leads_every_language_to_itself_labelled(client, home_pages):
    practice = content.practice(key="seulement-fr", title="Pratique en français seulement")
    links = header_links(client.get(practice.url).content.decode())
    assert links["es"] == (practice.url + "?from=es", "fr", "ESEspañol (página disponible solo en francés)")
    assert links["en"] == (practice.url + "?from=en", "fr", "ENEnglish (page available in French only)")
    # Followed, the page tells the reader why, in her language and in view (the header shows only "ES").
    html = client.get(links["es"][0]).content.decode()
    assert "Esta página solo existe en francés: todavía no se ha traducido a su idioma." in html
    assert '<a href="/es/search/">Buscar en su idioma</a>' in html  # no page of hers to go back to


def test_a_translation_missing_the_third_language_leads_it_to_the_original(client, sample):
    links = header_links(client.get(sample["togo_es"].url).content.decode())
    assert links["fr"][:2] == (sample["togo"].url, "fr")
    assert links["en"] == (sample["togo"].url + "?from=en", "fr", "ENEnglish (available in French)")
    html = client.get(links["en"][0], HTTP_REFERER=f"http://testserver{sample['togo_es'].url}").content.decode()
    # Two versions exist (French, Spanish): not "only in French".
    assert (
        "This page has not been translated into your language yet: here it is in French, its original language." in html
    )
    assert "exists only in" not in html
    # From the original, the same link to itself, with the same words.
    assert header_links(client.get(sample["togo"].url).content.decode())["en"] == links["en"]


def test_a_listing_keeps_its_filters_and_page_number_not_who_followed_it(client, sample):
    links = header_links(client.get("/fr/pratiques/?theme=girls-empowerment&page=2&from=es").content.decode())
    assert links["es"][0] == "/es/practicas/?theme=girls-empowerment&page=2"
    assert links["fr"][0] == "/fr/pratiques/?theme=girls-empowerment&page=2"
    # Page 2 lies beyond the last page: the listing shows its last one and says so, never a 404.
    response = client.get(links["es"][0])
    assert response.status_code == 200
    assert "No existe la página «2»; esta es la página 1." in response.content.decode()


def test_the_search_keeps_its_words_and_filters(client, home_pages):
    links = header_links(client.get("/fr/search/?q=filles&theme=trafficking").content.decode())
    assert links["es"][0] == "/es/search/?q=filles&theme=trafficking"
    assert links["en"][0] == "/en/search/?q=filles&theme=trafficking"


def test_a_place_keeps_its_country(client, sample):
    links = header_links(client.get("/es/paises/togo/").content.decode())
    assert links["fr"][0] == "/fr/pays/togo/"


def test_only_a_translation_says_it_is_one(client, sample):
    assert "translation-notice" in client.get(sample["togo_es"].url).content.decode()
    for url in (sample["togo"].url, "/es/practicas/", "/es/paises/togo/", "/es/paises/", "/es/search/?q=ninas"):
        assert "translation-notice" not in client.get(url).content.decode(), url
