"""A volunteer searches in Spanish: header box → results with highlights → facets → a practice; plus a11y, autocomplete, no-JS."""

import json
import re

import pytest
from playwright.sync_api import expect

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

REGION = "América Central y del Sur"
THEME = "Empoderamiento de las niñas"  # girls-empowerment, as the Spanish facet shows it
KEPT = ["Clubes de niñas en Perú", "Liderazgo de niñas en Colombia"]
OUTSIDE_REGION = "Escuelas seguras para niñas en Togo"
DECOY = "Prevenir la trata de niñas en Perú"  # right region, wrong theme


def _practice(content, key, country, theme, french, spanish, summary):
    content.practice(key=key, title=french, countries=[country], themes=[theme])
    content.practice(
        key=key,
        locale="es",
        title=spanish,
        summary=summary,
        body=json.dumps(
            [
                {
                    "type": "section",
                    "value": {"section": "context", "text": "<p>Un proyecto con niñas, niños y sus familias.</p>"},
                }
            ]
        ),
        countries=[country],
        themes=[theme],
    )


@pytest.fixture
def spanish_practices(site):
    """Practices written in French with a Spanish translation, in Peru, Colombia and Togo."""
    from tests import content

    _practice(
        content,
        "clubs-peru",
        "PE",
        "girls-empowerment",
        "Clubs de filles au Pérou",
        KEPT[0],
        "Las niñas dirigen clubes de protección en sus barrios.",
    )
    _practice(
        content,
        "leadership-colombie",
        "CO",
        "girls-empowerment",
        "Leadership des filles en Colombie",
        KEPT[1],
        "Una niña de cada escuela representa a su clase ante el municipio.",
    )
    _practice(
        content,
        "ecoles-togo",
        "TG",
        "girls-empowerment",
        "Écoles sûres pour les filles au Togo",
        OUTSIDE_REGION,
        "Protección de las niñas en el camino de la escuela.",
    )
    _practice(
        content,
        "traite-peru",
        "PE",
        "trafficking",
        "Prévenir la traite des filles au Pérou",
        DECOY,
        "Redes comunitarias de protección contra la trata de niñas.",
    )


def result_count(page):
    heading = page.locator("#results")
    expect(heading).to_have_text(re.compile(r"^\d+ "))
    return int(heading.inner_text().split()[0])


def result_titles(page):
    return page.locator("ol.results li.result .result__title a").all_inner_texts()


def test_volunteer_searches_in_spanish_narrows_and_opens_a_result(page, server_url, spanish_practices):
    page.goto(f"{server_url}/es/")
    search_box = page.locator("#header-search-q")
    search_box.fill("nina")
    search_box.press("Enter")

    page.wait_for_url(re.compile(r"/es/search/\?q=nina$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#search-q")).to_have_value("nina")
    expect(page.locator("ol.results .result__extract mark").first).to_be_visible()
    before = result_count(page)
    assert before == 4, result_titles(page)
    assert set(result_titles(page)) == {*KEPT, OUTSIDE_REGION, DECOY}

    filters = page.locator("nav.filters")
    filters.get_by_role("link", name=re.compile(rf"^{re.escape(REGION)} \(\d+\)$")).click()
    page.wait_for_url(re.compile(r"region=central-south-america"))
    after_region = result_count(page)
    assert after_region == 3
    assert OUTSIDE_REGION not in result_titles(page)

    filters.get_by_role("link", name=re.compile(rf"^{re.escape(THEME)} \(\d+\)$")).click()
    page.wait_for_url(re.compile(r"theme=girls-empowerment"))
    after_theme = result_count(page)
    assert after_theme < after_region < before
    assert set(result_titles(page)) == set(KEPT)
    assert DECOY not in result_titles(page)
    assert "region=central-south-america" in page.url and "theme=girls-empowerment" in page.url
    expect(filters.locator('a[aria-current="true"]')).to_have_count(2)

    first = page.locator("ol.results li.result .result__title a").first
    title = first.inner_text()
    with page.expect_navigation() as navigation:
        first.click()
    assert navigation.value.status == 200
    assert "/es/practicas/" in page.url
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_search_results_page_is_accessible(page, server_url, spanish_practices):
    # "proteccion" with a typo finds nothing itself, so the page also offers a correction.
    page.goto(f"{server_url}/es/search/?q=protecion")
    expect(page.locator("p.suggestion a")).to_have_text("proteccion")
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex, follow")
    assert_no_axe_violations(page)

    # Results, highlights and the facet groups open (two of them with a selected value).
    page.goto(f"{server_url}/es/search/?q=nina&region=central-south-america&theme=girls-empowerment")
    expect(page.locator("ol.results .result__extract mark").first).to_be_visible()
    expect(page.locator("nav.filters details[open]").first).to_be_visible()
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex, follow")
    assert_no_axe_violations(page)


def test_autocomplete_offers_titles(page, server_url, spanish_practices):
    page.goto(f"{server_url}/es/search/")
    box = page.locator("#search-q")
    expect(box).to_have_attribute("list", "search-q-suggestions")  # the script has run
    box.press_sequentially("lider", delay=30)
    expect(page.locator("#search-q-suggestions option")).to_have_count(1)
    expect(page.locator("#search-q-suggestions option")).to_have_attribute("value", KEPT[1])


def test_search_works_without_javascript(browser, server_url, spanish_practices):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server_url}/es/search/")
        expect(page.locator("#search-q")).not_to_have_attribute("list", re.compile(".*"))
        page.locator("#search-q").fill("clubes")
        page.locator("form.search-form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/es/search/\?q=clubes$"))
        assert result_count(page) == 1
        expect(page.locator("ol.results .result__title a")).to_have_text(KEPT[0])
    finally:
        context.close()
