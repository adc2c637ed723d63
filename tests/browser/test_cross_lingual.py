"""A French volunteer searches in French, finds a practice written only in Spanish, opens it, is told so in
French, goes back to her results, and finds related practices from other countries."""

import json

import pytest
from playwright.sync_api import expect

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

SPANISH = "Trata de niños en la frontera"
FRENCH = "Protéger les enfants victimes de traite aux frontières"


def body(text):
    return json.dumps([{"type": "section", "value": {"section": "context", "text": f"<p>{text}</p>"}}])


@pytest.fixture
def practices(site):
    from tests import content

    content.practice(
        key="trata-frontera",
        locale="es",
        title=SPANISH,
        summary="Acompañamos a los niños y niñas víctimas de trata que cruzan la frontera sin sus familias.",
        body=body("Los educadores identifican a los menores no acompañados en los pasos fronterizos."),
        countries=["HN"],
        themes=["trafficking"],
    )
    content.practice(
        key="traite-togo",
        title=FRENCH,
        summary="Des comités de vigilance repèrent les enfants emmenés de l'autre côté de la frontière.",
        body=body("Les enfants retrouvés sont accueillis puis ramenés dans leur famille."),
        countries=["TG"],
        themes=["trafficking"],
    )
    content.practice(
        key="huertos",
        locale="es",
        title="Huertos escolares y alimentación",
        summary="Las escuelas cultivan verduras para los almuerzos de los alumnos.",
        countries=["CO"],
        themes=["protection-systems"],
    )


def test_a_french_query_reaches_a_spanish_practice_and_the_reader_stays_oriented(page, server_url, practices):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{server_url}/fr/search/")
    page.locator("#search-q").fill("traite des enfants à la frontière")
    page.locator("#search-q").press("Enter")
    result = page.locator(".result").filter(has_text=SPANISH)
    expect(result).to_contain_text("en espagnol")
    expect(page.locator(".result").filter(has_text="Huertos")).to_have_count(0)  # off-topic: below the floor
    assert_no_axe_violations(page)
    results_url = page.url

    result.get_by_role("link", name=SPANISH).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SPANISH)
    notice = page.locator(".translation-notice").filter(has_text="n’existe qu’en espagnol")
    expect(notice).to_be_visible()
    assert_no_axe_violations(page)

    related = page.locator(".related")
    expect(related.get_by_role("link", name=FRENCH)).to_be_visible()  # a related practice, from Togo
    expect(related).to_contain_text("Togo")

    notice.get_by_role("link", name="Retour à vos résultats").click()
    assert page.url == results_url
    expect(page.locator(".result").filter(has_text=SPANISH)).to_be_visible()

    # Words only: the Spanish practice shares no word with the query.
    page.get_by_role("link", name="Ces mots seulement").click()
    expect(page.locator(".result").filter(has_text=FRENCH)).to_be_visible()
    expect(page.locator(".result").filter(has_text=SPANISH)).to_have_count(0)
