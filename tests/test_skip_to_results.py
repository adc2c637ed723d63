"""Listings and the search page lead keyboard readers to their results: a "Skip to results" link, and filter
and page links that open the next page at the results (#results), whose heading static/js/results.js focuses."""

import re

import pytest
from django.contrib.staticfiles import finders

from base.listing import RESULTS
from practices.models import PracticeIndexPage

pytestmark = pytest.mark.django_db

SKIP = {"fr": "Aller aux résultats", "es": "Ir a los resultados", "en": "Skip to results"}


def page_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_leads_to_the_results(text, language="fr"):
    skip = f'<a href="#{RESULTS}">{SKIP[language]}</a>'
    assert text.count(skip) == 1
    # Before the filters, after the page's heading: the first stop in the listing.
    assert text.index("<h1") < text.index(skip) < text.index('class="filters"')
    # The heading is the fragment's target: focusable (tabindex -1), a browser focuses it, with or without script.
    assert f'<section class="listing__results" aria-labelledby="{RESULTS}">' in text
    assert f'<h2 id="{RESULTS}" tabindex="-1">' in text
    assert re.search(r'<script src="/static/js/results\.js" defer></script>', text)


def filter_links(text):
    nav = re.search(r'<nav class="filters".*?</nav>', text, re.S).group(0)
    return re.findall(r'<a href="([^"]*)"', nav)


@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_practice_listing_has_a_skip_link_to_its_results(client, sample, language):
    index = PracticeIndexPage.objects.get(locale__language_code=language)
    assert_leads_to_the_results(page_html(client, index.url), language)


def test_resource_listing_has_a_skip_link_to_its_results(client, sample):
    assert_leads_to_the_results(page_html(client, "/fr/ressources/"))


def test_filter_links_open_the_listing_at_its_results(client, sample):
    text = page_html(client, "/fr/pratiques/?country=togo")
    links = filter_links(text)
    assert len(links) > 20
    assert all(link.endswith(f"#{RESULTS}") for link in links), [link for link in links if "#" not in link]
    assert "/fr/pratiques/?country=togo&amp;theme=trafficking#results" in links
    assert "/fr/pratiques/#results" in links  # "Remove all filters"
    # The fragment is not part of the query: following the link gives the filtered listing.
    assert "Conseils d’enfants dans les quartiers" in page_html(
        client, "/fr/pratiques/?country=togo&theme=child-participation"
    )


def test_page_links_open_the_next_page_at_its_results(client, sample, monkeypatch):
    monkeypatch.setattr(PracticeIndexPage, "per_page", 1)
    first = page_html(client, "/fr/pratiques/?kind=good-practice&kind=innovative-initiative")
    assert 'page=2#results" rel="nofollow next"' in first
    second = page_html(client, "/fr/pratiques/?kind=good-practice&kind=innovative-initiative&page=2")
    assert 'page=1#results" rel="nofollow prev"' in second


def test_search_page_has_a_skip_link_and_opens_filters_at_its_results(client, sample):
    text = page_html(client, "/fr/search/?q=conseils")
    assert_leads_to_the_results(text)
    links = filter_links(text)
    assert links and all(link.endswith(f"#{RESULTS}") for link in links)
    spanish = page_html(client, "/es/search/?q=consejos")
    assert f'<a href="#{RESULTS}">{SKIP["es"]}</a>' in spanish


def test_the_focus_script_is_a_small_static_file_without_a_framework():
    path = finders.find("js/results.js")
    assert path
    script = open(path, encoding="utf-8").read()
    assert "getElementById" in script and ".focus()" in script and "import " not in script
