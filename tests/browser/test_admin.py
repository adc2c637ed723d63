"""An editor signs in to the admin and finds the vocabulary under Taxonomy."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR"}


def test_editor_signs_in_and_browses_the_themes(page, server_url, site, django_user_model):
    django_user_model.objects.create_superuser("editrice", "editrice@example.org", "mot-de-passe-long")
    page.goto(f"{server_url}/admin/login/")
    page.locator("#id_username").fill("editrice")
    page.locator("#id_password").fill("mot-de-passe-long")
    page.locator("button[type=submit]").click()
    expect(page.get_by_role("button", name="Taxonomie")).to_be_visible()

    page.get_by_role("button", name="Taxonomie").click()
    page.get_by_role("link", name="Thèmes").click()
    expect(page.get_by_role("link", name="Autonomisation des filles")).to_be_visible()
    # The listing holds every language's rows; the locale filter narrows it to French.
    page.goto(page.url.split("?")[0] + "?locale=fr")
    expect(page.locator("table.listing tbody tr")).to_have_count(9)
    expect(page.get_by_role("link", name="Empoderamiento de las niñas")).to_have_count(0)
