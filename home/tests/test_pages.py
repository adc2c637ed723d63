"""Home and standard pages: tree rules, admin forms, rendering in each language."""

import pytest
from django.test import override_settings
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.factories import StandardPageFactory
from home.models import HomePage, StandardPage
from home.site_setup import ensure_site
from partners.models import PartnerIndexPage
from places.models import PlacesIndexPage
from practices.models import PracticeIndexPage
from resources.models import ResourceIndexPage


class PageTreeTests(WagtailPageTestCase):
    def setUp(self):
        self.homes = ensure_site()
        self.login()

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, PracticeIndexPage, ResourceIndexPage, PartnerIndexPage, PlacesIndexPage}
        )
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_an_editor_creates_a_standard_page_with_every_block(self):
        form = nested_form_data(
            {
                "title": "Méthodologie",
                "slug": "methodologie",
                "introduction": "Comment les pratiques sont documentées.",
                "body": streamfield(
                    [
                        ("heading", {"text": "Documenter une pratique", "level": "h2"}),
                        ("paragraph", rich_text("<p>Chaque pratique est relue par une pair.</p>")),
                        ("quote", {"quote": "On nous écoute enfin.", "attribution": "une adolescente, Lomé"}),
                        ("key_figures", streamfield([("item", {"value": "11", "label": "pays"})])),
                        (
                            "call_to_action",
                            {"text": "Partagez", "link_label": "Écrire", "page": "", "url": "https://example.org"},
                        ),
                    ]
                ),
            }
        )
        self.assertCanCreate(self.homes["fr"], StandardPage, form)
        page = StandardPage.objects.get(slug="methodologie")
        assert [block.block_type for block in page.body] == [
            "heading",
            "paragraph",
            "quote",
            "key_figures",
            "call_to_action",
        ]

    def test_call_to_action_needs_a_page_or_an_address(self):
        form = nested_form_data(
            {
                "title": "Sans lien",
                "slug": "sans-lien",
                "body": streamfield(
                    [("call_to_action", {"text": "Partagez", "link_label": "Écrire", "page": "", "url": ""})]
                ),
            }
        )
        response = self.client.post(
            f"/admin/pages/add/home/standardpage/{self.homes['fr'].pk}/", {**form, "action-publish": "publish"}
        )
        assert response.status_code == 200
        assert (
            "Choose a page or give an address" in response.content.decode() or "Choisissez" in response.content.decode()
        )
        assert not StandardPage.objects.filter(slug="sans-lien").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "introduction_start", "skip_link"),
    [
        ("fr", "Le laboratoire social", "Aller au contenu principal"),
        ("es", "El laboratorio social", "Saltar al contenido principal"),
        ("en", "The social laboratory", "Skip to main content"),
    ],
)
def test_home_page_renders_in_its_language(client, home_pages, language, introduction_start, skip_link):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}" dir="ltr">' in html
    assert introduction_start in html
    assert skip_link in html
    assert '<main id="main"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("es-CO,es;q=0.9,en;q=0.5", "/es/"), ("en-GB,en;q=0.8", "/en/"), ("de-DE,de;q=0.9", "/fr/"), ("", "/fr/")],
)
def test_root_redirects_by_accept_language(client, home_pages, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.django_db
def test_standard_page_renders_blocks(client, home_pages):
    page = StandardPageFactory(
        parent=home_pages["fr"],
        slug="a-propos",
        body=[
            ("heading", {"text": "Nos valeurs", "level": "h3"}),
            ("quote", {"quote": "Rien pour nous sans nous.", "attribution": "un conseil d’enfants"}),
            ("key_figures", [{"value": "250", "label": "mandats de volontaires"}]),
        ],
    )
    page.save_revision().publish()
    html = client.get("/fr/a-propos/").content.decode()
    assert "<h3>Nos valeurs</h3>" in html
    assert "<blockquote><p>Rien pour nous sans nous.</p></blockquote>" in html
    assert '<span class="key-figures__value">250</span>' in html
    assert 'aria-label="Fil d’Ariane"' in html or 'class="breadcrumbs"' in html


@pytest.mark.django_db
def test_language_direction_comes_from_configuration(client, home_pages):
    """Adding Arabic is configuration: the same templates then render right to left."""
    languages = [("fr", "Français"), ("es", "Español"), ("en", "English"), ("ar", "العربيّة")]
    with override_settings(LANGUAGES=languages, WAGTAIL_CONTENT_LANGUAGES=languages):
        Locale.objects.create(language_code="ar")
        response = client.get("/ar/")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404_in_the_readers_language(client, home_pages):
    response = client.get("/es/no-existe/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert "Página no encontrada" in html
