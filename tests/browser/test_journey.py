"""A reader goes home → a country on the map → a practice → its partner → a resource download, in French and Spanish."""

import pytest
from playwright.sync_api import expect

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

STEPS = {
    "fr": {
        "country": "Togo",
        "practice": "Conseils d’enfants dans les quartiers",
        "partner": "Association Horizon (fictive)",
        "resource": "Guide d’animation d’un conseil d’enfants",
        "download": "Télécharger",
    },
    "es": {
        "country": "Togo",
        "practice": "Consejos de niñas y niños en los barrios",
        "partner": "Asociación Horizonte (ficticia)",
        # Not translated: the Spanish practice links to the French original, shown in French.
        "resource": "Guide d’animation d’un conseil d’enfants",
        "download": "Télécharger",
    },
}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_reader_journey(page, server_url, journey, language):
    steps = STEPS[language]
    page.goto(f"{server_url}/{language}/")
    assert_no_axe_violations(page)

    # The country is a link on the map itself (inline SVG, no JavaScript).
    page.locator(f'svg a[aria-label^="{steps["country"]}"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(steps["country"])
    assert_no_axe_violations(page)

    page.get_by_role("link", name=steps["practice"]).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(steps["practice"])
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_axe_violations(page)

    page.get_by_role("link", name=steps["partner"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(steps["partner"])
    expect(page.locator(".notice--demo")).to_be_visible()
    assert_no_axe_violations(page)

    page.go_back()
    page.get_by_role("link", name=steps["resource"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(steps["resource"])
    assert_no_axe_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=steps["download"]).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert open(download.path(), "rb").read(5) == b"%PDF-"


PAGE_TYPES = [
    "/fr/",
    "/fr/pratiques/",
    "/fr/pratiques/?country=togo&theme=nope",
    "/es/practicas/",
    "/fr/pratiques/conseils-denfants-dans-les-quartiers/",
    "/es/practicas/consejos-de-ninas-y-ninos-en-los-barrios/",
    "/fr/ressources/",
    "/fr/ressources/guide-danimation-dun-conseil-denfants/",
    "/fr/partenaires/",
    "/fr/partenaires/association-horizon-fictive/",
    "/fr/pays/",
    "/fr/pays/togo/",
    "/en/countries/central-south-america/",
    "/fr/introuvable/",
]


def test_every_page_type_is_accessible(page, server_url, journey):
    """One site for every page type (a site built per page cost CI a minute); each page is checked whole,
    and a failure names every page that failed, not only the first."""
    failures = {}
    for path in PAGE_TYPES:
        page.goto(f"{server_url}{path}")
        try:
            expect(page.locator("main h1")).to_be_visible()
            assert_no_axe_violations(page)
        except AssertionError as failure:
            failures[path] = str(failure)
    assert not failures, "\n\n".join(f"{path}: {failure}" for path, failure in failures.items())
