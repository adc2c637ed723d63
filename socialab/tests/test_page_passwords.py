"""Guessing the password of a protected page is limited per address: past the limit the form says when to try
again, and even the right password is not checked until then."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from base import throttle

pytestmark = pytest.mark.django_db

LIMITS = {**settings.SOCIALAB_RATE_LIMITS, "page_password": (3, 15 * 60)}
PASSWORD = "the-page-password"


@pytest.fixture
def protected(sample):
    page = sample["togo"]
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="password", password=PASSWORD)
    return page, reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])


def guess(client, action, page, password, address="192.0.2.10"):
    return client.post(action, {"password": password, "return_url": page.url}, REMOTE_ADDR=address)


def test_the_right_password_opens_the_page(client, protected):
    page, action = protected
    assert action.startswith("/fr/")  # the form posts to the throttled view at Wagtail's own address
    response = guess(client, action, page, PASSWORD)
    assert response.status_code == 302 and response["Location"] == page.url
    assert page.title in client.get(page.url).content.decode()


@override_settings(SOCIALAB_RATE_LIMITS=LIMITS)
def test_past_the_limit_even_the_right_password_is_refused_with_a_message_until_the_window_ends(
    client, protected, monkeypatch
):
    page, action = protected
    wrong = [guess(client, action, page, f"guess-{n}") for n in range(3)]
    assert [response.status_code for response in wrong] == [200, 200, 200]  # Wagtail's form, with its error
    refused = guess(client, action, page, PASSWORD)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0 and refused["Cache-Control"] == "no-store"
    body = refused.content.decode()
    assert "Trop de requêtes" in body and 'name="password"' in body
    assert page.title not in client.get(page.url).content.decode()  # not let in
    # Another address is not held back by this one's guesses.
    assert guess(Client(), action, page, PASSWORD, address="198.51.100.7").status_code == 302
    # The window over, the right password works again.
    later = throttle.time.time() + 15 * 60 + 1
    monkeypatch.setattr(throttle, "time", type("Clock", (), {"time": staticmethod(lambda: later)}))
    assert guess(client, action, page, PASSWORD).status_code == 302
    assert page.title in client.get(page.url).content.decode()


def test_the_password_form_is_the_site_s_own_page_in_the_reader_s_language_naming_nothing_of_the_page(
    client, protected
):
    page, action = protected
    page.introduction = "Introductionprotegee du programme"
    page.save_revision().publish()
    response = client.get(page.url)
    assert response.status_code == 200
    assert [template.name for template in response.templates][:2] == ["password_required.html", "base.html"]
    body = response.content.decode()
    assert '<html lang="fr"' in body and 'name="viewport"' in body and 'class="site-header"' in body
    assert "<title>Mot de passe requis · Socialab</title>" in body and '<meta name="robots" content="noindex">' in body
    assert f'action="{action}"' in body and 'autocomplete="current-password"' in body
    assert 'for="id_password"' in body and 'id="id_password"' in body
    # Its own address is there (where the form sends the reader back), the address the reader asked for; nothing else.
    for secret in (page.title, "Introductionprotegee", page.get_translations().first().url):
        assert secret not in body, secret
    assert response["Cache-Control"] == "no-store" or "private" in response["Cache-Control"]


def test_a_wrong_password_is_said_beside_the_field_to_screen_readers_too(client, protected):
    page, action = protected
    with translation.override("es"):
        body = guess(client, action, page, "not-it").content.decode()
    assert 'aria-invalid="true"' in body and 'aria-describedby="id_password-error"' in body
    assert 'id="id_password-error" role="alert"' in body and page.title not in body
