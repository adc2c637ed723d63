"""Saved searches as feeds: /<lang>/search/feed.rss and .atom take the search page's parameters, newest first."""

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from html import escape
from urllib.parse import parse_qsl, urlparse

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from search.tests.conftest import search, titles
from tests import content

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
TOGO = "Conseils d'enfants dans les quartiers"
SENEGAL = "Égalité des filles à l'école"
PEROU = "Prévenir la violence dans les familles"
MAROC = "Justice adaptée à chaque enfant"


def rss(client, url, **params):
    """(response, channel title, [item dicts]) of an RSS feed, parsed as XML."""
    response = client.get(url, params)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = [{child.tag: child.text for child in item} for item in channel.findall("item")]
    return response, channel, items


def atom(client, url, **params):
    """(response, feed element, [entry dicts]) of an Atom feed, parsed as XML."""
    response = client.get(url, params)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = []
    for entry in feed.findall(f"{ATOM}entry"):
        fields = {child.tag.removeprefix(ATOM): child.text for child in entry}
        fields["link"] = entry.find(f"{ATOM}link").get("href")
        entries.append(fields)
    return response, feed, entries


def test_the_rss_feed_holds_what_the_query_and_filter_find_and_nothing_else(client, corpus):
    response, channel, items = rss(client, "/fr/search/feed.rss", q="quartier", theme="gender-equality")
    assert [item["title"] for item in items] == [PEROU, SENEGAL]  # Togo's council has the word, not the theme
    assert channel.findtext("title") == "Socialab – Recherche : quartier (Égalité des genres)"
    assert channel.findtext("description")
    first = items[0]
    assert first["link"] == "http://testserver" + corpus["perou"].url
    assert first["description"] == corpus["perou"].summary
    assert first["category"] == "Contribution de partenaire"
    assert parsedate_to_datetime(first["pubDate"]) == corpus["perou"].first_published_at.replace(microsecond=0)
    assert response["X-Robots-Tag"] == "noindex"
    assert "Last-Modified" in response  # like the listing feeds (base.feeds)


def test_the_atom_feed_holds_the_same_entries_with_absolute_links(client, corpus):
    _response, feed, entries = atom(client, "/fr/search/feed.atom", q="quartier", theme="gender-equality")
    assert [entry["title"] for entry in entries] == [PEROU, SENEGAL]
    assert all(entry["link"].startswith("http://testserver/fr/") for entry in entries)
    assert all(entry["updated"] and entry["summary"] for entry in entries)
    links = {link.get("rel"): urlparse(link.get("href")) for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"].path == "/fr/search/"
    assert parse_qsl(links["alternate"].query) == [("q", "quartier"), ("theme", "gender-equality")]
    assert links["self"].path == "/fr/search/feed.atom"
    assert feed.findtext(f"{ATOM}title") == "Socialab – Recherche : quartier (Égalité des genres)"


def test_a_feed_is_newest_first_whatever_sort_is_asked(client, corpus):
    assert titles(search(q="quartier")) != [PEROU, SENEGAL, TOGO]  # by relevance the order differs
    for sort in ("relevance", "newest", ""):
        _response, _channel, items = rss(client, "/fr/search/feed.rss", q="quartier", sort=sort, page="2")
        assert [item["title"] for item in items] == [PEROU, SENEGAL, TOGO], sort
        dates = [parsedate_to_datetime(item["pubDate"]) for item in items]
        assert dates == sorted(dates, reverse=True)


def test_the_title_names_the_filters_in_the_reader_s_language(client, corpus):
    _response, channel, items = rss(client, "/es/search/feed.rss", q="niñas", country="TG")
    assert channel.findtext("title") == "Socialab – Búsqueda: niñas (Togo)"
    assert [item["title"] for item in items] == ["Consejos de niñas y niños en los barrios"]
    _response, channel, items = rss(client, "/en/search/feed.rss", theme="justice-for-children", year_from="2023")
    assert channel.findtext("title") == "Socialab – Search (Justice for children, from 2023)"
    _response, channel, items = rss(client, "/fr/search/feed.rss", country="MA", year_from="2024", year_to="2024")
    assert channel.findtext("title") == "Socialab – Recherche (Maroc, 2024)"
    assert [item["title"] for item in items] == [MAROC]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "violence", "country": "ZZ", "theme": ["nope", "<script>"], "gender": "maybe"},
        {"q": "violence", "year_from": "²", "year_to": "9" * 400, "gender_marker": "7", "kind": "x", "lang": "xx"},
        {"q": "violence", "page": "-1", "sort": "<b>", "region": "atlantis"},
    ],
    ids=["unknown-values", "bad-numbers", "bad-page-and-sort"],
)
def test_bad_parameters_are_ignored_as_on_the_page(client, corpus, params):
    expected = {PEROU, MAROC}
    _response, channel, items = rss(client, "/fr/search/feed.rss", **params)
    assert {item["title"] for item in items} == expected
    assert channel.findtext("title") == "Socialab – Recherche : violence"
    _response, _feed, entries = atom(client, "/fr/search/feed.atom", **params)
    assert {entry["title"] for entry in entries} == expected


def test_an_over_long_or_odd_query_gives_an_empty_valid_feed(client, corpus):
    _response, channel, items = rss(client, "/fr/search/feed.rss", q="x" * 5000)
    assert items == []
    assert len(channel.findtext("title")) < 250  # the query as searched: shortened to 200 characters
    for odd in ("\x0b\x1f]]>", '"><script>alert(1)</script>', "OR -", "*"):
        rss(client, "/fr/search/feed.rss", q=odd)
        atom(client, "/fr/search/feed.atom", q=odd)


def test_a_feed_lists_public_pages_only_even_for_a_reader_who_may_read_more(client, corpus, django_user_model):
    hidden = content.practice(key="membres", title="Quartier des membres", summary="Réservé aux bénévoles.")
    restriction = PageViewRestriction.objects.create(page=hidden, restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="Volunteers"))
    hidden.save_revision().publish()  # reindexed with its restriction
    volunteer = django_user_model.objects.create_user("volunteer", password="a-long-password")
    volunteer.groups.add(Group.objects.get(name="Volunteers"))
    client.force_login(volunteer)
    assert "Quartier des membres" in client.get("/fr/search/", {"q": "quartier"}).content.decode()
    _response, _channel, items = rss(client, "/fr/search/feed.rss", q="quartier")
    assert "Quartier des membres" not in {item["title"] for item in items}
    assert len(items) == 3


def test_the_results_page_links_to_its_feed_with_the_same_query_and_filters(client, corpus):
    html = client.get("/fr/search/", {"q": 'quartier "<b>', "theme": "gender-equality", "sort": "newest"}).content
    html = html.decode()
    query = escape("?q=quartier+%22%3Cb%3E&theme=gender-equality")  # the sort is left out: feeds are newest first
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Socialab RSS" href="/fr/search/feed.rss{query}">'
        in (html)
    )
    assert f'type="application/atom+xml" title="Socialab Atom" href="/fr/search/feed.atom{query}">' in html
    assert (
        f'Suivre cette recherche : <a href="/fr/search/feed.rss{query}">RSS</a> · '
        f'<a href="/fr/search/feed.atom{query}">Atom</a>'
    ) in html
    spanish = client.get("/es/search/", {"q": "niñas"}).content.decode()
    assert 'Seguir esta búsqueda: <a href="/es/search/feed.rss?q=ni%C3%B1as">RSS</a>' in spanish
