"""Editors manage the vocabulary in the Wagtail admin, under a Taxonomy menu."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from taxonomy.models import Country, Region, Theme

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model_name", ["region", "country", "theme", "targetgroup", "sdgtarget"])
def test_listing_is_available_to_editors(admin_client, model_name):
    response = admin_client.get(reverse(f"wagtailsnippets_taxonomy_{model_name}:list"))
    assert response.status_code == 200


def test_theme_listing_filters_the_gender_equality_group(admin_client):
    url = reverse("wagtailsnippets_taxonomy_theme:list")
    response = admin_client.get(url, {"is_gender_equality": "true", "locale": "en"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Girls’ empowerment" in content
    assert "Human trafficking" not in content


def test_the_menu_groups_the_vocabularies(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert "Taxonomy" in response.content.decode() or "Taxonomie" in response.content.decode()


def test_an_editor_adds_a_theme_through_the_form(admin_client):
    url = reverse("wagtailsnippets_taxonomy_theme:add") + "?locale=fr"
    response = admin_client.post(
        url,
        {"name": "Santé mentale", "slug": "mental-health", "description": "Soutien psychosocial.", "sort_order": 9},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    theme = Theme.objects.get(slug="mental-health")
    assert theme.locale == Locale.objects.get(language_code="fr")
    assert not theme.is_gender_equality


def test_a_bad_iso_code_is_a_form_error_not_a_crash(admin_client):
    region = Region.objects.get(slug="north-africa", locale__language_code="fr")
    url = reverse("wagtailsnippets_taxonomy_country:add") + "?locale=fr"
    response = admin_client.post(
        url, {"name": "Algérie", "slug": "algeria", "iso_code": "alg", "region": region.pk, "sort_order": 11}
    )
    assert response.status_code == 200
    assert "ISO 3166-1" in response.content.decode()
    assert not Country.objects.filter(slug="algeria").exists()
