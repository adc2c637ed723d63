"""The language switcher never leads to a 404 (DESIGN §2)."""

import re

import pytest
from wagtail.models import PageViewRestriction

from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def switcher_links(html):
    """(language, href, note) for each link of the header's switcher."""
    nav = html.split('aria-labelledby="language-header-label"', 1)[1].split("</nav>", 1)[0]
    return [
        (lang, href, re.sub(r"<[^>]+>", "", note).strip())
        for href, lang, note in re.findall(r'<a href="([^"]+)" lang="([a-z]+)"[^>]*>(.*?)</a>', nav, re.S)
    ]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def about(home_pages):
    """A French page translated into Spanish but not into English."""
    french = publish(StandardPageFactory(parent=home_pages["fr"], slug="a-propos", title="À propos"))
    spanish = french.copy_for_translation(home_pages["es"].locale)
    spanish.title = "Acerca de"
    spanish.slug = "acerca-de"
    return french, publish(spanish)


def test_links_go_to_translations_when_they_exist(client, about):
    links = switcher_links(client.get("/fr/a-propos/").content.decode())
    assert [(lang, href) for lang, href, _note in links][:2] == [("fr", "/fr/a-propos/"), ("es", "/es/acerca-de/")]


def test_a_missing_translation_leads_to_the_original_with_a_notice(client, about):
    links = dict(
        (lang, (href, note)) for lang, href, note in switcher_links(client.get("/es/acerca-de/").content.decode())
    )
    href, note = links["en"]
    assert href == "/fr/a-propos/?from=en"  # who follows it: the original tells her why, in English
    assert "available in French" in note


def test_an_untranslated_page_leads_to_itself_marked_as_the_only_version(client, home_pages):
    """One rule for a missing translation (issue 15): the original, labelled; never another language's home page."""
    publish(StandardPageFactory(parent=home_pages["fr"], slug="mentions-legales", title="Mentions légales"))
    links = dict(
        (lang, (href, note))
        for lang, href, note in switcher_links(client.get("/fr/mentions-legales/").content.decode())
    )
    assert links["es"][0] == "/fr/mentions-legales/?from=es"
    assert "página disponible solo en francés" in links["es"][1]
    assert "page available in French only" in links["en"][1]


def test_the_original_of_a_page_missing_a_translation_leads_there_too(client, about):
    links = dict(
        (lang, (href, note)) for lang, href, note in switcher_links(client.get("/fr/a-propos/").content.decode())
    )
    assert links["en"][0] == "/fr/a-propos/?from=en"
    assert "available in French" in links["en"][1] and "only" not in links["en"][1]


def test_a_private_original_is_not_offered(client, about):
    """Where the original is not public, no public version stands in: that language's home page."""
    french, _spanish = about
    PageViewRestriction.objects.create(page=french, restriction_type="password", password="secret")
    links = dict(
        (lang, (href, note)) for lang, href, note in switcher_links(client.get("/es/acerca-de/").content.decode())
    )
    assert links["en"][0] == "/en/"
    assert "home page; this page is not translated" in links["en"][1]


@pytest.mark.parametrize("path", ["/fr/", "/es/", "/en/", "/fr/a-propos/", "/es/acerca-de/", "/fr/inexistante/"])
def test_every_switcher_link_answers_200(client, about, path):
    response = client.get(path)
    for _lang, href, _note in switcher_links(response.content.decode()):
        assert client.get(href).status_code == 200, f"{href} linked from {path}"


def test_a_draft_translation_is_not_offered(client, about, home_pages):
    french, spanish = about
    spanish.unpublish()
    links = dict((lang, href) for lang, href, _note in switcher_links(client.get("/fr/a-propos/").content.decode()))
    assert links["es"] == "/fr/a-propos/?from=es"


def test_a_translation_says_so_and_links_to_its_original(client, about):
    html = client.get("/es/acerca-de/").content.decode()
    assert "Esta página es una traducción del original en francés." in html
    assert '<a href="/fr/a-propos/" hreflang="fr">Leer el original</a>' in html
    assert "translation-notice" not in client.get("/fr/a-propos/").content.decode()


@pytest.mark.usefixtures("sample")
@pytest.mark.parametrize(
    "url", ["/es/", "/es/practicas/", "/es/recursos/", "/es/paises/", "/es/paises/togo/", "/es/organizaciones-aliadas/"]
)
def test_pages_that_gather_others_carry_no_translation_notice(client, url):
    """Home, listings and places are written for each language's readers: the notice there was noise."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert "translation-notice" not in response.content.decode()


def test_language_names_are_cased_for_the_sentence_they_sit_in(client, about):
    html = client.get("/es/acerca-de/").content.decode()
    # Inside the English link the note is English ("French"); the Spanish notice writes "francés".
    assert "available in French" in html
    assert "original en francés" in html


def test_the_links_are_worked_out_once_a_request(client, about):
    """The hreflang alternates and both switchers share one computation (issue 14: it cost 2 ms each)."""
    from unittest import mock  # noqa: PLC0415  (only this test patches)

    from socialab.templatetags import socialab_tags  # noqa: PLC0415  (only this test patches it)

    with mock.patch.object(socialab_tags, "page_language_links", wraps=socialab_tags.page_language_links) as links:
        text = client.get("/fr/a-propos/").content.decode()
    assert links.call_count == 1
    assert '<link rel="alternate" hreflang="es" href="http://testserver/es/acerca-de/">' in text
    assert text.count('href="/es/acerca-de/" lang="es"') == 2  # the header's and the footer's switchers
