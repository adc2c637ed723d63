"""The editorial pipeline, walked in Chromium by the people who do it.

A member of a partner organisation signs in (French), writes a practice with a photo, saves it as
a draft and submits it; the moderator (Spanish) requests changes with a comment; the partner sees
it on her dashboard, fixes and resubmits; the moderator approves; the practice is live, found by
search and in the feed. A translator (Spanish) creates the Spanish version from a PO file, as a
professional translator would; the moderator publishes it; a Spanish reader finds it. Every mail
is asserted, in its recipient's language; axe finds no WCAG A/AA violation on the pages the
partner sees.

With SOCIALAB_SCREENSHOTS=<directory> (`make screenshots`), the steps are photographed for
docs/editors-guide.md.
"""

import os
import re
from pathlib import Path

import polib
import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-password"
TITLE = "Cliniques juridiques du marché de Kara"
SPANISH_TITLE = "Clínicas jurídicas del mercado de Kara"
COMMENT = "Merci ! Précisez l’âge des enfants accompagnés, s’il vous plaît."
SCREENSHOTS = os.environ.get("SOCIALAB_SCREENSHOTS", "")


def shot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


@pytest.fixture
def team(site, django_user_model):
    from django.contrib.auth.models import Group
    from wagtail.users.models import UserProfile

    from editorial.models import PartnerGroup
    from tests import content

    partner = content.partner(key="partner-kara", title="Association Kara (fictive)")
    people = {}
    for username, language, group in (
        ("awa", "fr", PartnerGroup.objects.get(translation_key=partner.translation_key).group),
        ("lucia", "es", Group.objects.get(name="Moderators")),
        ("tomas", "es", Group.objects.get(name="Translators")),
    ):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(group)
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        people[username] = user
    return people


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "marche-kara.jpg"
    Image.new("RGB", (900, 600), (40, 120, 130)).save(path, quality=80)
    return path


def sign_in(browser, server_url, username, locale):
    context = browser.new_context(locale=locale, viewport={"width": 1200, "height": 820})
    page = context.new_page()
    page.goto(f"{server_url}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page.locator("#id_username")).to_have_count(0)
    return page


def mails_to(username):
    return [message for message in mail.outbox if f"{username}@example.org" in message.to]


def practice():
    from practices.models import PracticePage

    return PracticePage.objects.get(title=TITLE)


def footer_action(page, name):
    """A button of the editor's footer, opening "more actions" when it is there; once the page has settled (a
    loaded machine still runs the editor's scripts after the load event: clicked earlier, the form went out
    without what they add to it)."""
    page.wait_for_load_state("networkidle")
    button = page.locator("footer").get_by_role("button", name=name)
    if not button.is_visible():
        page.locator("footer").get_by_role(
            "button", name=re.compile("Plus d’actions|Plus d'actions|Más acciones")
        ).click()
    button.click()


def test_partner_to_moderator_to_translator_to_readers(browser, server_url, team, photo, tmp_path):
    from practices.models import PracticeIndexPage

    index = PracticeIndexPage.objects.get(locale__language_code="fr")

    # 1. The partner signs in and writes a practice with a photo.
    partner = sign_in(browser, server_url, "awa", "fr-FR")
    assert_no_axe_violations(partner)
    shot(partner, "partner-dashboard")
    partner.goto(f"{server_url}/admin/pages/add/practices/practicepage/{index.pk}/")
    assert_no_axe_violations(partner)
    partner.locator("#id_title").fill(TITLE)
    partner.locator("#id_summary").fill("Des juristes écoutent les enfants au marché et les accompagnent.")
    partner.get_by_role("button", name="Choisir une image").click()
    modal = partner.locator(".modal")
    modal.get_by_role("tab", name="Transférer").click()
    assert_no_axe_violations(partner)
    modal.locator("#id_image-chooser-upload-title").fill("Marché de Kara")
    modal.locator("#id_image-chooser-upload-file").set_input_files(str(photo))
    modal.locator("#id_image-chooser-upload-description").fill("Un étal du marché, sans personne.")
    modal.locator("form").last.locator("button[type=submit]").click()
    expect(partner.locator(".modal")).to_have_count(0)
    partner.get_by_label("Togo").check()
    partner.get_by_label("Justice pour enfants").check()
    partner.locator("#id_start_year").fill("2023")
    partner.locator("#id_safeguarding_identifiable_children").select_option(index=1)  # no child recognisable
    partner.locator("#id_safeguarding_anonymised").check()
    shot(partner, "partner-editor")

    # 2. Saved as a draft: said so, never "could not be created".
    partner.wait_for_load_state("networkidle")  # the editor's scripts (image chooser, comments) have settled
    with partner.expect_navigation():
        partner.locator("footer").get_by_role("button", name="Enregistrer le brouillon").click()
    # textContent, not innerText: an error in a tab not shown has no innerText.
    errors = partner.locator(".w-field__errors, .error-message, .help-critical").all_text_contents()
    assert not any(text.strip() for text in errors), f"the draft was refused: {errors}"
    messages = partner.locator(".messages")
    expect(messages).to_contain_text(TITLE)
    expect(messages).not_to_contain_text("pu être créée")
    draft = practice()
    assert not draft.live and draft.hero_image.title == "Marché de Kara"
    assert_no_axe_violations(partner)

    # 3. Submitted: the moderator is told, in Spanish.
    mail.outbox.clear()
    footer_action(partner, re.compile("Soumettre à Approbation des modérateurs"))
    expect(partner.locator(".messages")).to_contain_text("soumise pour modération")
    assert practice().workflow_in_progress
    (to_moderator,) = mails_to("lucia")
    assert TITLE in to_moderator.subject and "Aprobación de los moderadores" in to_moderator.subject

    # 4. The moderator requests changes with a comment; the partner is told, in French.
    moderator = sign_in(browser, server_url, "lucia", "es-ES")
    expect(moderator.get_by_role("heading", name="Esperando tu revisión")).to_be_visible()
    expect(moderator.get_by_role("link", name=TITLE).first).to_be_visible()
    shot(moderator, "moderator-dashboard")
    moderator.goto(f"{server_url}/admin/pages/{draft.pk}/edit/")
    mail.outbox.clear()
    footer_action(moderator, "Solicitar cambios")
    moderator.locator(".modal textarea[name=comment]").fill(COMMENT)
    shot(moderator, "moderator-request-changes")
    moderator.locator(".modal").get_by_role("button", name="Solicitar cambios").click()
    expect(moderator.locator(".messages")).to_contain_text(TITLE)
    (to_partner,) = mails_to("awa")
    assert "rejeté" in to_partner.subject and COMMENT in to_partner.body
    assert not practice().live

    # 5. The partner reads the comment on her dashboard, fixes and resubmits.
    partner.goto(f"{server_url}/admin/")
    panel = partner.locator("#organisation-submissions-content, [id^=organisation-submissions]").first
    expect(panel).to_contain_text("Modifications demandées")
    expect(panel).to_contain_text(COMMENT)
    assert_no_axe_violations(partner)
    shot(partner, "partner-changes-requested")
    partner.get_by_role("link", name=TITLE).first.click()
    partner.locator("#id_summary").fill(
        "Des juristes écoutent les enfants de 10 à 17 ans au marché et les accompagnent."
    )
    mail.outbox.clear()
    footer_action(partner, re.compile("Soumettre à nouveau|Resoumettre|Soumettre"))
    expect(partner.locator(".messages")).to_contain_text("soumise pour modération")
    assert mails_to("lucia")

    # 6. The moderator approves: the practice is live; the partner is told.
    moderator.goto(f"{server_url}/admin/pages/{draft.pk}/edit/")
    mail.outbox.clear()
    footer_action(moderator, "Aprobar y Publicar")
    expect(moderator.locator(".messages")).to_contain_text(TITLE)
    live = practice()
    assert live.live and "10 à 17 ans" in live.summary
    assert any("approuvé" in message.subject for message in mails_to("awa"))

    # 7. Readers find it: search, the feed; the partner's published page passes axe.
    reader = browser.new_context(locale="fr-FR").new_page()
    reader.goto(f"{server_url}/fr/search/?q=juristes+Kara")
    expect(reader.get_by_role("link", name=TITLE)).to_be_visible()
    feed = reader.request.get(f"{server_url}/fr/feeds/practices.rss").text()
    assert TITLE in feed
    reader.goto(f"{server_url}{live.url}")
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_no_axe_violations(reader)

    # 8. The translator makes the Spanish version from a PO file; it stays a draft.
    translator = sign_in(browser, server_url, "tomas", "es-ES")
    translator.goto(f"{server_url}/admin/localize/submit/page/{live.pk}/")
    translator.get_by_label("español").check()
    translator.locator("main form").get_by_role("button", name="Enviar").click()
    expect(translator.get_by_role("link", name="Descargar archivo PO")).to_be_visible()
    shot(translator, "translator-editor")
    with translator.expect_download() as download:
        translator.get_by_role("link", name="Descargar archivo PO").click()
    po_path = tmp_path / "es.po"
    download.value.save_as(po_path)
    catalogue = polib.pofile(str(po_path))
    spanish_text = {
        TITLE: SPANISH_TITLE,
        live.summary: "Juristas escuchan a niñas y niños de 10 a 17 años en el mercado.",
    }
    for entry in catalogue:
        entry.msgstr = spanish_text.get(entry.msgid, f"{entry.msgid} (es)")
    catalogue.save(str(po_path))
    translator.locator("input[type=file]").first.set_input_files(str(po_path))
    expect(translator.get_by_text(SPANISH_TITLE).first).to_be_visible()
    spanish = live.get_translation(_locale("es"))
    assert not spanish.live and spanish.owner == team["tomas"]

    # 9. The moderator publishes it; a Spanish reader finds it.
    moderator.goto(f"{server_url}/admin/pages/{spanish.pk}/edit/")
    moderator.locator("footer").get_by_role("button", name=re.compile("Publicar")).first.click()
    expect(moderator.locator(".messages")).to_contain_text(SPANISH_TITLE)
    spanish.refresh_from_db()
    assert spanish.live and spanish.title == SPANISH_TITLE
    lector = browser.new_context(locale="es-ES").new_page()
    lector.goto(f"{server_url}/es/search/?q=juristas+mercado")
    expect(lector.get_by_role("link", name=SPANISH_TITLE)).to_be_visible()


def _locale(code):
    from wagtail.models import Locale

    return Locale.objects.get(language_code=code)
