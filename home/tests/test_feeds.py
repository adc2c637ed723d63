"""RSS and Atom feeds of the practice and resource listings: the reader's language and the listing's filters."""

from urllib.parse import urlparse

import feedparser
import pytest

from tests import content

pytestmark = pytest.mark.django_db

TOGO_FR = "Conseils d’enfants dans les quartiers"
TOGO_ES = "Consejos de niñas y niños en los barrios"
PERU = "DEMUNA itinérantes"


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, f"{url}: {feed.get('bozo_exception')}"
    return response, feed


def paths(feed):
    """{entry title: path of its link}."""
    return {entry.title: urlparse(entry.link).path for entry in feed.entries}


@pytest.mark.parametrize(
    ("url", "content_type", "version", "title", "link", "entries"),
    [
        (
            "/fr/feeds/practices.rss",
            "application/rss+xml",
            "rss20",
            "Socialab – Pratiques",
            "/fr/pratiques/",
            {
                PERU: "/fr/pratiques/demuna-itinerantes/",
                TOGO_FR: "/fr/pratiques/conseils-denfants-dans-les-quartiers/",
            },
        ),
        (
            "/fr/feeds/practices.atom",
            "application/atom+xml",
            "atom10",
            "Socialab – Pratiques",
            "/fr/pratiques/",
            {
                PERU: "/fr/pratiques/demuna-itinerantes/",
                TOGO_FR: "/fr/pratiques/conseils-denfants-dans-les-quartiers/",
            },
        ),
        (
            "/es/feeds/practices.rss",
            "application/rss+xml",
            "rss20",
            "Socialab – Prácticas",
            "/es/practicas/",
            {
                PERU: "/fr/pratiques/demuna-itinerantes/",  # not translated: the French original
                TOGO_ES: "/es/practicas/consejos-de-ninas-y-ninos-en-los-barrios/",
            },
        ),
        (
            "/es/feeds/practices.atom",
            "application/atom+xml",
            "atom10",
            "Socialab – Prácticas",
            "/es/practicas/",
            {
                PERU: "/fr/pratiques/demuna-itinerantes/",
                TOGO_ES: "/es/practicas/consejos-de-ninas-y-ninos-en-los-barrios/",
            },
        ),
    ],
    ids=["fr-rss", "fr-atom", "es-rss", "es-atom"],
)
def test_practice_feeds_hold_the_listing_in_the_reader_language(
    client, sample, url, content_type, version, title, link, entries
):
    response, feed = fetch(client, url)
    assert response["Content-Type"].startswith(content_type)
    assert feed.version == version
    assert feed.feed.title == title
    assert urlparse(feed.feed.link).path == link
    assert paths(feed) == entries
    # Newest first, like the listing: the Peru practice was published last.
    assert feed.entries[0].title == PERU
    for entry in feed.entries:
        assert entry.summary == "Des conseils d’enfants élus donnent leur avis à la mairie."
        assert entry.get("published_parsed") is not None


def test_entry_categories_are_theme_names_in_the_reader_language(client, sample):
    _response, french = fetch(client, "/fr/feeds/practices.atom")
    _response, spanish = fetch(client, "/es/feeds/practices.atom")
    by_title = {entry.title: {tag.term for tag in entry.tags} for entry in french.entries}
    assert by_title[TOGO_FR] == {"Participation des enfants"}
    assert by_title[PERU] == {"Autonomisation des filles", "Systèmes de protection de l’enfance"}
    by_title = {entry.title: {tag.term for tag in entry.tags} for entry in spanish.entries}
    assert by_title[TOGO_ES] == {"Participación infantil"}
    assert by_title[PERU] == {"Empoderamiento de las niñas", "Sistemas de protección de la niñez"}


FILTERED = [
    ("?country=PE", {PERU}),
    ("?country=togo", {TOGO_FR}),
    ("?theme=child-participation", {TOGO_FR}),
    ("?gender=1", {PERU}),
    ("?kind=innovative-initiative", {PERU}),
    ("?year=2024", {TOGO_FR}),
    ("?theme=child-participation&theme=protection-systems", {TOGO_FR, PERU}),
    ("?region=sub-saharan-africa&theme=girls-empowerment", set()),
]


def test_filters_narrow_the_feed_like_the_listing(client, sample):
    for query, expected in FILTERED:
        for kind in ("rss", "atom"):
            _response, feed = fetch(client, f"/fr/feeds/practices.{kind}{query}")
            assert {entry.title for entry in feed.entries} == expected, (kind, query)


def test_spanish_feed_filters_keep_the_translation(client, sample):
    _response, feed = fetch(client, "/es/feeds/practices.rss?theme=child-participation&country=TG")
    assert paths(feed) == {TOGO_ES: "/es/practicas/consejos-de-ninas-y-ninos-en-los-barrios/"}


def test_unknown_filter_values_give_a_valid_unfiltered_feed(client, sample):
    for query in ("?country=ZZ", "?theme=nope&theme=%3Cscript%3E", "?gender=maybe", "?year=1800", "?kind=x&page=x"):
        for kind in ("rss", "atom"):
            _response, feed = fetch(client, f"/fr/feeds/practices.{kind}{query}")
            assert {entry.title for entry in feed.entries} == {TOGO_FR, PERU}, (kind, query)
            assert feed.feed.title == "Socialab – Pratiques"


def test_unpublished_practices_are_not_in_the_feed(client, sample):
    hidden = content.practice(key="retiree", title="Pratique retirée")
    hidden.unpublish()
    _response, feed = fetch(client, "/fr/feeds/practices.rss")
    assert "Pratique retirée" not in {entry.title for entry in feed.entries}
    assert len(feed.entries) == 2


def test_resource_feeds(client, sample):
    _response, french = fetch(client, "/fr/feeds/resources.rss")
    assert french.feed.title == "Socialab – Ressources"
    assert urlparse(french.feed.link).path == "/fr/ressources/"
    assert paths(french) == {
        "Guide d’animation d’un conseil d’enfants": "/fr/ressources/guide-danimation-dun-conseil-denfants/"
    }
    _response, spanish = fetch(client, "/es/feeds/resources.atom")
    assert spanish.feed.title == "Socialab – Recursos"
    assert urlparse(spanish.feed.link).path == "/es/recursos/"
    # Not translated: Spanish readers get the French original.
    assert paths(spanish) == paths(french)
    _response, filtered = fetch(client, "/fr/feeds/resources.rss?country=PE")
    assert filtered.entries == []
    assert filtered.feed.title == "Socialab – Ressources"


def test_a_filtered_feed_links_to_the_filtered_listing_and_to_itself(client, sample):
    _response, feed = fetch(client, "/fr/feeds/practices.atom?country=PE&theme=girls-empowerment")
    assert [entry.title for entry in feed.entries] == [PERU]
    links = {link.rel: urlparse(link.href) for link in feed.feed.links}
    assert links["alternate"].path == "/fr/pratiques/"
    assert set(links["alternate"].query.split("&")) == {"country=peru", "theme=girls-empowerment"}
    assert links["self"].path == "/fr/feeds/practices.atom"
    assert "theme=girls-empowerment" in links["self"].query
    _response, unfiltered = fetch(client, "/fr/feeds/practices.atom")
    assert feed.feed.id != unfiltered.feed.id  # two different feeds, two different Atom ids


@pytest.mark.parametrize(("language", "expected"), [("fr", "/fr/feeds/"), ("es", "/es/feeds/")])
def test_the_home_page_advertises_the_site_s_feeds(client, sample, language, expected):
    html = client.get(f"/{language}/").content.decode()
    for feed in ("practices", "resources"):
        for kind, name in (("rss", "RSS"), ("atom", "Atom")):
            link = f'<link rel="alternate" type="application/{kind}+xml" title="Socialab {name}"'
            assert f'{link} href="{expected}{feed}.{kind}">' in html, (feed, kind)
            fetch(client, f"{expected}{feed}.{kind}")  # and each one answers
