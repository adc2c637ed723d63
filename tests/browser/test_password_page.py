"""A reader sent a password-protected page's address, on a phone and with the keyboard only: the site's own form, in
their language, no axe violation, every Tab stop visible; a wrong password is said beside the field; the right one
opens the page."""

import pytest
from playwright.sync_api import expect

from .axe import assert_no_axe_violations
from .test_keyboard import tab

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
PASSWORD = "atelier-lome-2026"


def test_a_phone_reader_opens_a_protected_page_with_the_keyboard(page, server_url, journey):
    from wagtail.models import PageViewRestriction

    practice = journey["practice"]
    PageViewRestriction.objects.create(page=practice, restriction_type="password", password=PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto(f"{server_url}{practice.url}")
    expect(page).to_have_title("Mot de passe requis · Socialab")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mot de passe requis")
    expect(page.get_by_text(practice.title)).to_have_count(0)
    assert_no_axe_violations(page)

    field = page.get_by_label("Mot de passe")
    for _ in range(30):  # every stop on the way visible, with its focus indicator (test_keyboard.tab)
        if tab(page) and page.evaluate("document.activeElement.id") == "id_password":
            break
    expect(field).to_be_focused()
    page.keyboard.type("not-the-password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("mot de passe")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)

    field.focus()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(practice.title)
