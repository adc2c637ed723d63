"""Sign-in lockout (django-axes): the 6th attempt after 5 failures is refused even with the right password, with a
page that says why and for how long; the lock ends after the cool-off; administrators see and lift it."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-1"
LOGIN = "/admin/login/"
LOCKED = "Trop de tentatives de connexion échouées pour ce compte"


@pytest.fixture(autouse=True)
def axes_on(settings):
    """The test settings turn axes off (the test client's login() has no request); these tests are about it."""
    settings.AXES_ENABLED = True


@pytest.fixture
def ana(django_user_model):
    return django_user_model.objects.create_superuser("ana", "ana@example.org", PASSWORD)


def sign_in(client, password, username="ana", path=LOGIN, **headers):
    return client.post(path, {"username": username, "password": password, "next": "/admin/"}, **headers)


def signed_in(client):
    return client.get("/admin/").status_code == 200


def fail(client, times, username="ana"):
    return [sign_in(client, "wrong-password", username=username) for _ in range(times)]


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, ana):
    responses = fail(client, 5)
    assert [response.status_code for response in responses[:4]] == [200] * 4  # the form, with its error
    assert responses[4].status_code == 429  # the fifth failure locks

    refused = sign_in(client, PASSWORD)
    assert refused.status_code == 429
    assert not signed_in(client)
    html = refused.content.decode()
    assert LOCKED in html
    assert "Réessayez dans 30 minutes" in html
    assert "/admin/password_reset/" in html
    assert 1790 <= int(refused["Retry-After"]) <= 1800
    assert refused["Cache-Control"] == "no-store"


def test_the_lockout_page_speaks_the_reader_s_language_and_looks_like_the_sign_in_page(client, ana):
    fail(client, 5)
    html = sign_in(client, PASSWORD, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Demasiados intentos fallidos de inicio de sesión para esta cuenta" in html
    assert 'class="login' in html  # Wagtail's sign-in layout
    assert "<script>" not in html.replace('<script src="', "").replace("<script type=", "")


def test_after_the_cool_off_the_right_password_signs_in(client, ana):
    fail(client, 5)
    assert sign_in(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))

    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)
    assert not AccessAttempt.objects.exists()  # reset on success


def test_just_before_the_cool_off_ends_it_is_still_refused(client, ana):
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=29))
    refused = sign_in(client, PASSWORD)
    assert refused.status_code == 429
    assert "Réessayez dans 1 minute" in refused.content.decode()


def test_failures_during_the_lock_do_not_extend_it(client, ana):
    fail(client, 5)
    first = AccessAttempt.objects.get()
    fail(client, 3)
    again = AccessAttempt.objects.get()
    assert (again.failures_since_start, again.attempt_time) == (5, first.attempt_time)


def test_a_success_resets_the_count(client, ana):
    fail(client, 4)
    assert sign_in(client, PASSWORD).status_code == 302
    client.post("/admin/logout/")
    fail(client, 4)
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_lock_is_by_username_from_any_address(client, ana, django_user_model):
    django_user_model.objects.create_superuser("bea", "bea@example.org", PASSWORD)
    for number in range(5):
        sign_in(client, "wrong-password", REMOTE_ADDR=f"192.0.2.{number + 1}")
    assert sign_in(Client(), PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 429
    # A colleague behind the same address signs in.
    assert sign_in(Client(), PASSWORD, username="bea", REMOTE_ADDR="192.0.2.1").status_code == 302


def test_an_unknown_username_is_told_the_same(client, db):
    responses = fail(client, 5, username="nobody")
    assert responses[4].status_code == 429
    assert LOCKED in responses[4].content.decode()


def test_the_public_sign_in_page_of_private_pages_is_locked_with_a_page_of_the_site(client, ana, home_pages):
    for _ in range(5):
        response = sign_in(client, "wrong-password", path="/fr/_util/login/")
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert 'class="site-header"' in html


# --- Settings → Locked accounts --------------------------------------------------------


def test_administrators_see_locked_accounts_and_unlock_them(admin_client, ana):
    fail(Client(), 5)
    fail(Client(), 2, username="ghost")  # not locked: below the limit
    listing = admin_client.get("/admin/locked-accounts/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "ana" in html
    assert "127.0.0.1" in html
    assert "ghost" not in html
    assert "<td>5</td>" in html

    response = admin_client.post("/admin/locked-accounts/unlock/", {"username": "ana"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="ana").exists()
    assert AccessAttempt.objects.filter(username="ghost").exists()
    assert "aucun compte n’est bloqué" in admin_client.get(response["Location"]).content.decode().lower()
    assert sign_in(Client(), PASSWORD).status_code == 302


def test_unlocking_needs_the_csrf_token(ana, admin_user):
    fail(Client(), 5)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.post("/admin/locked-accounts/unlock/", {"username": "ana"}).status_code == 403
    assert AccessAttempt.objects.filter(username="ana").exists()


def test_an_empty_username_unlocks_nobody(admin_client, ana):
    fail(Client(), 5)
    admin_client.post("/admin/locked-accounts/unlock/", {"username": ""})
    assert AccessAttempt.objects.filter(username="ana").exists()


def test_the_menu_offers_locked_accounts_to_administrators(admin_client):
    assert "/admin/locked-accounts/" in admin_client.get("/admin/").content.decode()


def test_only_those_with_the_permission_see_or_unlock(client, ana, django_user_model):
    fail(Client(), 5)
    staff = django_user_model.objects.create_user("sam", "sam@example.org", PASSWORD)
    staff.groups.add(Group.objects.get(name="Editors"))
    client.force_login(staff)
    assert client.get("/admin/locked-accounts/").status_code in (302, 403)
    assert "/admin/locked-accounts/" not in client.get("/admin/").content.decode()

    watchers = Group.objects.create(name="Watchers")
    watchers.permissions.add(Permission.objects.get(content_type__app_label="axes", codename="view_accessattempt"))
    watchers.permissions.add(Permission.objects.get(codename="access_admin"))
    staff.groups.add(watchers)
    listing = client.get("/admin/locked-accounts/")
    assert listing.status_code == 200
    assert "Unlock" not in listing.content.decode() and "Débloquer" not in listing.content.decode()
    assert client.post("/admin/locked-accounts/unlock/", {"username": "ana"}).status_code in (302, 403)
    assert AccessAttempt.objects.filter(username="ana").exists()


def test_the_group_editor_offers_the_two_permissions(admin_client):
    group = Group.objects.get(name="Editors")
    html = admin_client.get(f"/admin/groups/edit/{group.pk}/").content.decode()
    for codename in ("view_accessattempt", "delete_accessattempt"):
        permission = Permission.objects.get(content_type__app_label="axes", codename=codename)
        assert f'value="{permission.pk}"' in html
