"""Offline reading in Chromium: a practice saved online opens with the network cut, with its PDF; a page not saved
answers with the offline page of its language; nothing a signed-in reader alone may see is kept (base.offline)."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect
from wagtail.models import PageViewRestriction

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)
RULE = Path(settings.BASE_DIR, "static", "js", "offline-rule.js").read_text()
SECTION = {"type": "section", "value": {"section": "context", "text": "<p>Au Togo, des conseils d’enfants.</p>"}}


@pytest.fixture
def saved_content(site):
    from tests import content

    guide = content.resource(key="guide-conseils")
    body = json.dumps([SECTION, {"type": "document", "value": {"document": guide.document.pk, "title": "Guide PDF"}}])
    practice = content.practice(key="conseils-togo", image=True, body=body, related_resources=[guide.key])
    translated = content.practice(
        key="conseils-togo", locale="es", title="Consejos de niñas y niños", image=True, body=body
    )
    other = content.practice(key="demuna-peru", title="DEMUNA itinérantes", countries=["PE"])
    return {"guide": guide, "practice": practice, "translated": translated, "other": other}


def controlled(page):
    """Wait until the service worker controls the page (installed, shell cached, claimed)."""
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_a_saved_practice_and_its_pdf_open_without_a_network(page, context, server_url, saved_content):
    translated, guide = saved_content["translated"], saved_content["guide"]
    page.goto(server_url + translated.url)
    controlled(page)
    save = page.locator("[data-offline-save] button")
    expect(save).to_be_visible()
    expect(save).to_have_text("Guardar para leer sin conexión")
    save.focus()
    page.keyboard.press("Enter")  # a real button, by keyboard
    status = page.locator("[data-offline-save] [role=status]")
    expect(status).to_contain_text("Guardado para leer sin conexión", timeout=15_000)  # the page, its PDF, pictures
    expect(save).to_have_text("Quitar de la lectura sin conexión")

    context.set_offline(True)
    page.goto(server_url + translated.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(translated.title)
    pdf = page.evaluate(
        "url => fetch(url).then(r => r.arrayBuffer()).then(b => new TextDecoder().decode(b.slice(0, 5)))",
        guide.document.url,
    )
    assert pdf == "%PDF-"
    with page.expect_download() as download:
        page.get_by_role("link", name="Guide PDF").click()
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"

    # A page never opened: the offline page of its language, saying so, with what was saved.
    page.goto(server_url + saved_content["other"].url)
    expect(page.locator("[data-offline-notice]")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("[data-offline-list] a")).to_have_text([translated.title])

    page.goto(f"{server_url}/es/offline/")
    expect(page.locator("[data-offline-list] a")).to_have_text([translated.title])
    assert_no_axe_violations(page)
    page.locator("[data-offline-list] button").click()
    expect(page.locator("[data-offline-empty]")).to_be_visible()
    expect(page.locator("[data-offline-status]")).to_have_text("Quitado de la lectura sin conexión.")
    context.set_offline(False)


def test_what_a_signed_in_reader_opens_is_not_kept(page, context, server_url, saved_content, client, django_user_model):
    restricted = saved_content["other"]
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    page.goto(f"{server_url}/en/offline/")
    controlled(page)
    client.force_login(django_user_model.objects.create_user("reader", password="a-long-password"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": server_url}])
    for url in (restricted.url, saved_content["practice"].url):
        page.goto(server_url + url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(saved_content["practice"].title)
    kept = page.evaluate(
        "() => caches.keys().then(names => Promise.all(names.map(name => caches.open(name)"
        ".then(cache => cache.keys())))).then(lists => lists.flat().map(request => new URL(request.url).pathname))"
    )
    assert "/en/offline/" in kept  # the control: the worker does keep public pages
    assert restricted.url not in kept and saved_content["practice"].url not in kept


CASES = [
    ("a public page", "/fr/pratiques/x/", {"status": 200, "type": "basic", "cacheControl": None}, True),
    ("no-cache is fine", "/fr/offline/", {"status": 200, "type": "basic", "cacheControl": "no-cache"}, True),
    ("private", "/fr/", {"status": 200, "type": "basic", "cacheControl": "private"}, False),
    ("no-store", "/fr/x/", {"status": 200, "cacheControl": "max-age=0, no-cache, no-store, must-revalidate"}, False),
    ("private among others", "/fr/", {"status": 200, "cacheControl": "max-age=60, Private"}, False),
    ("a redirect to sign in", "/fr/x/", {"status": 200, "redirected": True}, False),
    ("an error", "/fr/x/", {"status": 404}, False),
    ("a partial answer", "/documents/1/a.pdf", {"status": 206}, False),
    ("the admin", "/admin/pages/", {"status": 200}, False),
    ("Django's admin", "/django-admin/", {"status": 200}, False),
    ("accounts", "/accounts/login/", {"status": 200}, False),
    ("the API", "/api/search/?q=x", {"status": 200}, False),
    ("another site", "https://example.org/fr/", {"status": 200}, False),
    ("an opaque answer", "/fr/x/", {"status": 200, "type": "opaque"}, False),
]


def test_the_storage_rule(page):
    """static/js/offline-rule.js, the one rule of what the worker and the save button keep, run in Chromium."""
    page.goto("about:blank")
    page.evaluate(RULE)
    for name, url, response, expected in CASES:
        verdict = page.evaluate(
            "([url, response]) => socialabMayStore('http://testserver', {method: 'GET', url: url}, response)",
            [url, response],
        )
        assert verdict is expected, name
    post = page.evaluate("socialabMayStore('http://testserver', {method: 'POST', url: '/fr/'}, {status: 200})")
    assert post is False
