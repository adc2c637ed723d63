"""A reader lands on a translated page, sees it is a translation and reaches the original."""

import pytest
from playwright.sync_api import expect

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def about(site):
    from home.models import StandardPage

    french = site["fr"].add_child(
        instance=StandardPage(
            title="À propos",
            slug="a-propos",
            show_in_menus=True,
            introduction="Le programme en bref.",
            body=[
                ("heading", {"text": "Nos valeurs", "level": "h2"}),
                ("quote", {"quote": "Rien pour nous sans nous.", "attribution": "un conseil d’enfants"}),
                ("key_figures", [{"value": "11", "label": "pays"}]),
            ],
        )
    )
    french.save_revision().publish()
    french.refresh_from_db()
    spanish = french.copy_for_translation(site["es"].locale)
    spanish.title, spanish.slug, spanish.introduction = "Acerca de", "acerca-de", "El programa en breve."
    spanish.save_revision().publish()
    return french, spanish


def test_translated_page_points_to_its_original(page, server_url, about):
    page.goto(f"{server_url}/es/acerca-de/")
    expect(page.locator(".translation-notice")).to_contain_text("traducción del original en francés")
    assert_no_axe_violations(page)

    english = page.get_by_role("navigation", name="Idioma", exact=True).get_by_role("link", name="English")
    expect(english).to_contain_text("available in French")

    page.get_by_role("link", name="Leer el original").click()
    expect(page).to_have_url(f"{server_url}/fr/a-propos/")
    expect(page.get_by_role("heading", level=1)).to_have_text("À propos")
    expect(page.locator(".translation-notice")).to_have_count(0)
    expect(
        page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="À propos")
    ).to_have_attribute("aria-current", "page")
    assert_no_axe_violations(page)
