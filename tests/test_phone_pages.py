"""What a phone shows first (issue 15): a compact header, one search box, the filters behind one control with
the chosen ones above the results, and a detail page's title and summary before its pictures."""

import re

import pytest

from base.factories import RootCollectionImageFactory
from tests import content

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def part(html, start, end):
    return html.split(start, 1)[1].split(end, 1)[0]


def test_the_header_switcher_is_compact_and_its_notes_are_in_the_footer(client, home_pages):
    practice = content.practice(key="seulement-fr", title="Pratique en français seulement")
    html = html_of(client, practice.url)
    header = part(html, '<header class="site-header">', "</header>")
    assert 'class="language-switcher language-switcher--compact"' in header
    assert '<span class="language-switcher__code" aria-hidden="true">ES</span>' in header
    assert "language-switcher__note" not in header  # the notes are read, not shown, in the header
    assert 'id="header-search-q"' in header
    footer = part(html, '<footer class="site-footer">', "</footer>")
    assert '<span class="language-switcher__note"> (página disponible solo en francés)</span>' in footer


def test_the_search_page_shows_one_search_box(client, home_pages):
    html = html_of(client, "/fr/search/?q=filles")
    assert len(re.findall(r'<input[^>]+type="search"', html)) == 1
    assert "header-search" not in html
    assert 'id="header-search-q"' in html_of(client, "/fr/")  # pages other than the search keep the header's


def test_listing_filters_are_behind_one_closed_control_with_the_chosen_ones_above_the_results(client, sample):
    html = html_of(client, "/fr/pratiques/?theme=girls-empowerment&country=peru")
    assert '<details class="filters-panel">' in html  # closed: static/js/filters.js opens it on wide screens
    summary = part(html, '<summary class="filters-panel__summary">', "</summary>")
    assert re.sub(r"<[^>]+>", "", summary) == "Filtres (2 actifs)"
    chips = part(html, '<ul class="active-filters"', "</ul>")
    assert 'href="/fr/pratiques/?country=peru#results" rel="nofollow"' in chips
    assert "Retirer le filtre :" in chips and "Autonomisation des filles" in chips
    assert html.index('class="active-filters"') < html.index('class="cards"')
    assert '<script src="/static/js/filters.js" defer></script>' in html
    plain = html_of(client, "/fr/pratiques/")
    assert "active-filters" not in plain
    assert re.sub(r"<[^>]+>", "", part(plain, '<summary class="filters-panel__summary">', "</summary>")) == "Filtres"


def test_search_filters_are_behind_one_control_too(client, sample):
    html = html_of(client, "/es/search/?q=ninas&theme=girls-empowerment")
    assert '<details class="filters-panel">' in html
    assert "Filtros (1 activo)" in re.sub(r"<[^>]+>", "", html)
    assert 'class="active-filters"' in html


def test_a_practice_and_a_partner_show_their_title_and_summary_before_any_picture(client, sample):
    practice = html_of(client, sample["togo"].url)
    assert practice.index("<h1>") < practice.index('class="lead"') < practice.index("figure--hero")
    partner = sample["partner"]
    partner.logo = RootCollectionImageFactory(title="Logo")
    partner.save_revision().publish()
    html = html_of(client, partner.url)
    assert html.index("<h1>") < html.index('class="lead"') < html.index('class="partner-logo"')
