"""A reader opens the home page in each language, switches language and skips to the content."""

import pytest
from playwright.sync_api import expect

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

INTRODUCTIONS = {
    "fr": "Le laboratoire social",
    "es": "El laboratorio social",
    "en": "The social laboratory",
}


def test_home_page_in_each_language_is_accessible(page, server_url, site):
    for language in ("fr", "es", "en"):  # one site for the three (a site each cost CI seconds a language)
        response = page.goto(f"{server_url}/{language}/")
        assert response.status == 200, language
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        expect(page.get_by_role("heading", level=1)).to_have_text("Socialab")
        expect(page.locator(".lead")).to_contain_text(INTRODUCTIONS[language])
        assert_no_axe_violations(page)


def test_reader_switches_from_french_to_spanish_and_english(page, server_url, site):
    page.goto(f"{server_url}/fr/")
    header_switcher = page.get_by_role("navigation", name="Langue", exact=True)
    header_switcher.get_by_role("link", name="Español").click()
    expect(page).to_have_url(f"{server_url}/es/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator(".lead")).to_contain_text(INTRODUCTIONS["es"])

    page.get_by_role("navigation", name="Idioma", exact=True).get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{server_url}/en/")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()


def test_root_follows_the_browser_language(browser, server_url, site):
    context = browser.new_context(locale="es-CO")
    page = context.new_page()
    page.goto(f"{server_url}/")
    expect(page).to_have_url(f"{server_url}/es/")
    context.close()


def test_keyboard_user_skips_to_the_content(page, server_url, site):
    page.goto(f"{server_url}/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_layout_reflows_without_horizontal_scrolling(page, server_url, site):
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{server_url}/fr/")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, width
        page.screenshot(path=f"test-results/home-fr-{width}.png", full_page=True)
