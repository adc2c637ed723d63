"""Issue 15, point 9: no page makes the browser ask another host — public pages nor the admin (whose avatars
would come from Gravatar: WAGTAIL_GRAVATAR_PROVIDER_URL is None). Every request the pages make is recorded."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_page_asks_another_host(page, server_url, journey, django_user_model):
    django_user_model.objects.create_superuser("editrice", "editrice@example.org", "mot-de-passe-long")
    django_user_model.objects.create_user("benevole", "benevole@example.org", "mot-de-passe-long")
    practice = journey["practice"]
    host = urlsplit(server_url).netloc
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    def visit(path):
        page.goto(f"{server_url}{path}")
        page.wait_for_load_state("networkidle")  # what scripts load after the page, too

    for path in ["/fr/", practice.url, practice.get_parent().url, "/fr/search/?q=conseils"]:
        visit(path)
    page.goto(f"{server_url}/admin/login/")
    page.locator("#id_username").fill("editrice")
    page.locator("#id_password").fill("mot-de-passe-long")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{server_url}/admin/")
    page.wait_for_load_state("networkidle")
    for path in [f"/admin/pages/{practice.get_parent().pk}/", f"/admin/pages/{practice.pk}/edit/", "/admin/users/"]:
        visit(path)

    assert any("/admin/pages/" in url for url in requested)
    assert any(urlsplit(url).path.startswith("/static/") for url in requested)
    outside = sorted(
        {
            url
            for url in requested
            if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != host
        }
    )
    assert not outside, f"requests to other hosts: {outside}"
