"""Section index pages: created through the admin form, one per language, rendered in each."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import HomePage, StandardPage
from home.site_setup import ensure_site
from partners.models import PartnerIndexPage
from places.models import PlacesIndexPage
from practices.models import PracticeIndexPage
from resources.models import ResourceIndexPage

INDEX_TYPES = [PracticeIndexPage, ResourceIndexPage, PartnerIndexPage, PlacesIndexPage]


class SectionAdminTests(WagtailPageTestCase):
    def setUp(self):
        self.homes = ensure_site()
        self.login()

    def test_editor_creates_each_index_page_and_a_home_page(self):
        for number, model in enumerate(INDEX_TYPES):
            data = {"title": f"Section {number}", "slug": f"section-{number}", "introduction": "Intro"}
            self.assertCanCreate(self.homes["fr"], model, nested_form_data(data))
        standard = {"title": "À propos", "slug": "a-propos", "body": streamfield([])}
        self.assertCanCreate(self.homes["fr"], StandardPage, nested_form_data(standard))
        home = {
            "title": "Autre site",
            "slug": "autre",
            "body": streamfield([]),
        }
        self.assertCanCreate(Page.get_first_root_node(), HomePage, nested_form_data(home))

    def test_sections_only_under_a_home_page(self):
        for model in INDEX_TYPES:
            self.assertAllowedParentPageTypes(model, {HomePage})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/fr/pratiques/", "Pratiques"),
        ("/es/practicas/", "Prácticas"),
        ("/en/practices/", "Practices"),
        ("/fr/ressources/", "Ressources"),
        ("/es/recursos/", "Recursos"),
        ("/en/resources/", "Resources"),
        ("/fr/partenaires/", "Partenaires"),
        ("/es/organizaciones-aliadas/", "Organizaciones aliadas"),
        ("/en/partners/", "Partners"),
        ("/fr/pays/", "Pays et régions"),
        ("/es/paises/", "Países y regiones"),
        ("/en/countries/", "Countries and regions"),
    ],
)
def test_every_section_renders_in_its_language(client, home_pages, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert f'<html lang="{path[1:3]}"' in html


@pytest.mark.django_db
def test_menu_lists_the_sections_in_the_readers_language(client, home_pages):
    html = client.get("/es/").content.decode()
    menu = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert [label in menu for label in ("Prácticas", "Recursos", "Países y regiones", "Organizaciones aliadas")] == [
        True
    ] * 4


@pytest.mark.django_db
def test_navigation_cache_follows_publishing(client, home_pages):
    assert "Recursos" in client.get("/es/").content.decode().split("</nav>", 2)[1]
    ResourceIndexPage.objects.get(locale__language_code="es").unpublish()
    menu = client.get("/es/").content.decode().split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert "Recursos" not in menu
