"""A save clicked while Wagtail's autosave is on its way, on a slow connection: the page is created once and saved.

The autosave's request is held in the network until after the click, as a 2G connection holds it for seconds.
Without base/static/base/js/admin-autosave.js, the click's submission went to the creation view beside the
autosave's, and the second creation was refused ("slug already in use").
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Écoute des enfants au marché de Kara"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR"}


def wait_for(page, condition, seconds=15):
    """Lets Playwright dispatch its events (the route handlers) until the condition holds."""
    for _ in range(seconds * 10):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("timed out")


def test_a_save_clicked_during_the_first_autosave_waits_for_it(page, server_url, site, django_user_model, settings):
    from practices.models import PracticeIndexPage, PracticePage

    settings.WAGTAIL_AUTOSAVE_INTERVAL = 200
    django_user_model.objects.create_superuser("editrice", "editrice@example.org", "mot-de-passe-long")
    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    page.goto(f"{server_url}/admin/login/")
    page.locator("#id_username").fill("editrice")
    page.locator("#id_password").fill("mot-de-passe-long")
    page.locator("button[type=submit]").click()
    expect(page.locator("#id_username")).to_have_count(0)

    autosaves, saves = [], []

    def hold(route, request):
        if request.method != "POST":
            route.continue_()
        elif "application/json" in request.headers.get("accept", ""):
            autosaves.append(route)
        else:
            saves.append(route)

    page.route(re.compile(r"/admin/pages/add/"), hold)
    # Wagtail looks for changes against the form as it is 2 s after load ("watch-edits"): typed before, they
    # would be part of the starting point, and trigger no autosave.
    page.add_init_script("document.addEventListener('w-unsaved:watch-edits', () => { window.watchingEdits = true; });")
    page.goto(f"{server_url}/admin/pages/add/practices/practicepage/{index.pk}/")
    page.wait_for_function("window.watchingEdits === true")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_title").press("Tab")  # the slug follows the title
    wait_for(page, lambda: autosaves)  # the first autosave is on its way, and slow

    page.locator("footer").get_by_role("button", name="Enregistrer le brouillon").click(no_wait_after=True)
    page.wait_for_timeout(1000)
    sent_beside_the_autosave = len(saves)
    autosaves[0].continue_()  # the autosave arrives and creates the page
    wait_for(page, lambda: PracticePage.objects.filter(title=TITLE).exists())
    for route in saves:
        route.continue_()

    expect(page.locator(".messages")).to_contain_text(TITLE)
    expect(page.locator(".messages")).not_to_contain_text(re.compile("pu être créée|Rien n’a été enregistré"))
    assert sent_beside_the_autosave == 0
    assert re.search(r"/admin/pages/\d+/edit/", page.url)
    (created,) = PracticePage.objects.filter(title=TITLE)
    assert created.revisions.count() >= 1 and not created.live
