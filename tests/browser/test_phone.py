"""On a phone (390×844): the first result and a practice's title on the first screen, the filters behind one
control that the keyboard opens, and the language switcher's one rule for a missing translation (issue 15)."""

import re

import pytest
from playwright.sync_api import expect

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def on_first_screen(locator):
    box = locator.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box


def switcher_link(page, language_name):
    """The header's link to a language, found by the full name it has for screen readers."""
    header = page.locator("header.site-header")
    return header.get_by_role("link", name=re.compile(rf"^{language_name}"))


def test_a_phone_reader_sees_results_and_titles_first_and_switches_language(page, server_url, journey):
    page.set_viewport_size(PHONE)

    page.goto(f"{server_url}/fr/pratiques/?theme=child-participation")
    on_first_screen(page.locator(".cards .card").first)
    panel = page.locator("details.filters-panel")
    expect(panel).not_to_have_attribute("open", re.compile(".*"))
    expect(panel.get_by_role("link", name="Afrique subsaharienne")).to_be_hidden()
    expect(page.locator(".active-filters")).to_contain_text("Participation des enfants")
    panel.locator("summary.filters-panel__summary").focus()
    page.keyboard.press("Enter")
    expect(panel).to_have_attribute("open", "")
    expect(panel.get_by_role("link", name="Afrique subsaharienne")).to_be_visible()
    assert_no_axe_violations(page)
    # A listing's language link keeps its filters.
    switcher_link(page, "Español").click()
    expect(page).to_have_url(f"{server_url}/es/practicas/?theme=child-participation")
    expect(page.locator(".active-filters")).to_contain_text("Participación infantil")

    page.goto(f"{server_url}/fr/search/?q=conseils")
    expect(page.locator("input[type=search]")).to_have_count(1)
    on_first_screen(page.locator("ol.results .result").first)

    practice = journey["practice"]
    page.goto(f"{server_url}{practice.url}")
    on_first_screen(page.get_by_role("heading", level=1))
    # Translated into Spanish, not English: English leads to the French original, saying so.
    page.goto(f"{server_url}/es/practicas/")
    page.get_by_role("link", name="Consejos de niñas y niños en los barrios").click()
    english = switcher_link(page, "English")
    expect(english).to_have_attribute("hreflang", "fr")
    expect(english).to_contain_text("available in French")
    english.click()
    expect(page).to_have_url(f"{server_url}{practice.url}?from=en")
    expect(page.locator("[lang=en] > .translation-notice")).to_contain_text("its original language")

    # Only in French: every other language leads to the page itself, marked as its only version.
    page.goto(f"{server_url}/fr/pratiques/")
    page.get_by_role("link", name="DEMUNA itinérantes").click()
    only_french = page.url
    spanish = switcher_link(page, "Español")
    expect(spanish).to_contain_text("página disponible solo en francés")
    spanish.click()
    expect(page).to_have_url(f"{only_french}?from=es")
    # The header shows only "ES": the page says why it is still in French, in Spanish, on the first screen.
    notice = page.locator("[lang=es] > .translation-notice")
    expect(notice).to_contain_text("Esta página solo existe en francés")
    on_first_screen(notice)
