"""The admin's password reset is limited per client address and per e-mail address, and its refusal never
tells whether an account has the address."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

RESET = "/admin/password_reset/"
LIMITS = {**settings.SOCIALAB_RATE_LIMITS, "password_reset_ip": (3, 3600), "password_reset_email": (2, 3600)}
REFUSED = "Trop de demandes de réinitialisation du mot de passe"


@pytest.fixture
def ana(django_user_model):
    return django_user_model.objects.create_superuser("ana", "ana@example.org", "the-right-password-1")


def ask(client, email, address="192.0.2.10", **headers):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address, **headers)


def test_the_reset_form_is_still_wagtail_s_and_sends_its_mail(client, ana):
    assert client.get(RESET).status_code == 200
    response = ask(client, "ana@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/admin/password_reset/done/"
    assert len(mail.outbox) == 1


@override_settings(SOCIALAB_RATE_LIMITS=LIMITS)
def test_one_address_is_sent_so_many_mails_an_hour_then_a_clear_message(client, ana):
    assert [ask(client, "ana@example.org", address=f"192.0.2.{n}").status_code for n in range(2)] == [302, 302]
    refused = ask(client, "ana@example.org", address="192.0.2.99")
    assert refused.status_code == 429
    assert REFUSED in refused.content.decode()
    assert re.search(r"Réessayez dans \d+ minutes?\.", refused.content.decode())
    assert int(refused["Retry-After"]) > 60
    assert len(mail.outbox) == 2
    # Capitals do not make it another address.
    assert ask(client, "ANA@example.org", address="192.0.2.98").status_code == 429


@override_settings(SOCIALAB_RATE_LIMITS=LIMITS)
def test_one_client_asks_so_many_times_an_hour_whatever_the_addresses(client, ana):
    statuses = [ask(client, f"someone{n}@example.org").status_code for n in range(3)]
    assert statuses == [302, 302, 302]
    refused = ask(client, "ana@example.org")
    assert refused.status_code == 429
    assert REFUSED in refused.content.decode()
    assert not mail.outbox  # ana's quota untouched, and no mail sent
    assert ask(Client(), "ana@example.org", address="198.51.100.4").status_code == 302


@override_settings(SOCIALAB_RATE_LIMITS=LIMITS)
def test_the_refusal_is_the_same_for_an_address_no_account_has(client, ana):
    for n in range(2):
        ask(client, "nobody@example.org", address=f"192.0.2.{n}")
        ask(client, "ana@example.org", address=f"192.0.2.{n + 50}")
    unknown = ask(client, "nobody@example.org", address="203.0.113.1", HTTP_ACCEPT_LANGUAGE="en")
    known = ask(client, "ana@example.org", address="203.0.113.2", HTTP_ACCEPT_LANGUAGE="en")
    assert unknown.status_code == known.status_code == 429
    message = re.compile(r"Too many password reset requests\. Please try again in \d+ minutes?\.")
    assert message.search(unknown.content.decode())
    assert message.findall(unknown.content.decode()) == message.findall(known.content.decode())


@override_settings(SOCIALAB_RATE_LIMITS=LIMITS)
def test_an_invalid_form_is_not_counted(client, ana):
    for _ in range(5):
        assert ask(client, "not-an-address").status_code == 200
    assert ask(client, "ana@example.org").status_code == 302
