"""Every page type renders in French, Spanish and English, with the interface in the page's language."""

import pytest

from tests import content

pytestmark = pytest.mark.django_db

TITLES = {"fr": "Titre français", "es": "Título español", "en": "English title"}
INTERFACE = {
    "partner": {"fr": "En bref", "es": "En resumen", "en": "In brief"},
    "resource": {"fr": "Télécharger", "es": "Descargar", "en": "Download"},
    "practice": {"fr": "En bref", "es": "En resumen", "en": "At a glance"},
}


@pytest.fixture
def translated(home_pages, kind):
    """The page of type `kind` in its three languages (a test needs the other two for its alternates)."""
    make = {"partner": content.partner, "resource": content.resource, "practice": content.practice}[kind]
    suffix = {"partner": "P", "resource": "R", "practice": "X"}[kind]
    return {
        (kind, language): make(key=suffix.lower(), locale=language, title=f"{TITLES[language]} {suffix}")
        for language in ("fr", "es", "en")
    }


@pytest.mark.parametrize("kind", ["partner", "resource", "practice"])
@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_page_type_in_each_language(client, translated, kind, language):
    page = translated[(kind, language)]
    assert page.url.startswith(f"/{language}/")
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert f"<h1>{TITLES[language]}" in html
    assert INTERFACE[kind][language] in html
    # Each version lists the other two as alternates.
    assert html.count('<link rel="alternate" hreflang=') == 3
