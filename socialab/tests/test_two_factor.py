"""Optional second factor for the admin (django-otp): enrolling an authenticator app, signing in with a code or a
backup code, wrong codes throttled and codes never accepted twice, turning it off, and administrators' reset."""

import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client, RequestFactory
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialab.users import two_factor

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-1"
VERIFY = "/admin/two-factor/verify/"
SETUP = "/admin/account/two-factor/setup/"
MANAGE = "/admin/account/two-factor/"
USERS = "/admin/two-factor-users/"
RESET = "/admin/two-factor-users/reset/"
THROTTLED = "Trop de codes erronés"


@pytest.fixture
def ana(django_user_model):
    return django_user_model.objects.create_superuser("ana", "ana@example.org", PASSWORD)


@pytest.fixture
def enrolled(ana):
    """Ana with an authenticator app and backup codes: (device, codes)."""
    device = TOTPDevice.objects.create(user=ana, name="app", confirmed=True)
    return device, two_factor.new_backup_codes(ana)


@pytest.fixture
def editor(django_user_model):
    """A staff member who may manage users but is not a superuser."""
    user = django_user_model.objects.create_user("eli", "eli@example.org", PASSWORD)
    group = Group.objects.create(name="User managers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="users", codename="change_user"),
    )
    user.groups.add(group)
    return user


def code_of(device, steps=0):
    """The code `device` shows now (or `steps` time steps away)."""
    generator = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    generator.time = time.time() + steps * device.step
    return f"{generator.token():06d}"


def wrong_code_of(device):
    """A 6-digit code the device does not accept in any step of its tolerance."""
    valid = {code_of(device, steps) for steps in (-2, -1, 0, 1, 2)}
    return next(f"{n:06d}" for n in range(1000000) if f"{n:06d}" not in valid)


def sign_in(client, username="ana"):
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    return response


def give_code(client, code, next_url="/admin/"):
    return client.post(VERIFY, {"code": code, "next": next_url})


def in_admin(client, path="/admin/"):
    return client.get(path).status_code == 200


# --- Enrolment -----------------------------------------------------------------------------------------


def test_enrolling_shows_the_secret_and_a_code_from_the_app_confirms_it(client, ana):
    sign_in(client)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=ana)
    assert not device.confirmed
    html = page.content.decode()
    assert "otpauth://totp/Socialab%3Aana?secret=" in html
    assert two_factor.secret_for_display(device) in html
    assert "<svg" in html and "style=" not in html[html.index("<svg") : html.index("</svg>")]

    wrong = client.post(SETUP, {"code": wrong_code_of(device)})
    assert wrong.status_code == 200
    assert "Ce code n’est pas valide" in wrong.content.decode() or "code" in wrong.context["form"].errors
    device.refresh_from_db()
    assert not device.confirmed

    done = client.post(SETUP, {"code": code_of(device)})
    assert done.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in done.content.decode() for code in codes)
    assert StaticToken.objects.filter(device__user=ana).count() == 10
    assert in_admin(client)  # this session has shown a code


def test_an_enrolled_person_is_sent_from_the_setup_page_to_the_account_page(client, ana, enrolled):
    sign_in(client)
    give_code(client, code_of(enrolled[0]))
    assert client.get(SETUP)["Location"] == MANAGE


# --- Signing in ------------------------------------------------------------------------------------------


def test_without_a_device_the_password_alone_signs_in(client, ana):
    sign_in(client)
    assert in_admin(client)
    assert client.get(VERIFY)["Location"] == "/admin/"


def test_with_a_device_every_admin_page_waits_for_the_code(client, ana, enrolled):
    device, _ = enrolled
    sign_in(client)
    for path in ("/admin/", "/admin/pages/", "/admin/account/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY + "?next=")
    assert client.get(VERIFY).status_code == 200

    wrong = give_code(client, wrong_code_of(device))
    assert wrong.status_code == 200
    assert not in_admin(client)

    right = give_code(client, code_of(device), next_url="/admin/pages/")
    assert right["Location"] == "/admin/pages/"
    assert in_admin(client)


def test_signing_out_is_possible_before_the_code(client, ana, enrolled):
    sign_in(client)
    client.post("/admin/logout/")
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_the_verify_view_never_sends_elsewhere(client, ana, enrolled):
    sign_in(client)
    response = give_code(client, code_of(enrolled[0]), next_url="https://attacker.example/")
    assert response["Location"] == "/admin/"


def test_a_backup_code_works_once(client, ana, enrolled):
    _, codes = enrolled
    sign_in(client)
    assert give_code(client, codes[0].upper())["Location"] == "/admin/"  # as typed, capitals or not
    assert in_admin(client)
    assert StaticToken.objects.filter(device__user=ana).count() == 9

    again = Client()
    sign_in(again)
    assert give_code(again, codes[0]).status_code == 200
    assert not in_admin(again)


def test_a_code_from_the_app_is_not_accepted_twice(client, ana, enrolled):
    device, _ = enrolled
    code = code_of(device)
    sign_in(client)
    assert give_code(client, code).status_code == 302

    replay = Client()
    sign_in(replay)
    assert give_code(replay, code).status_code == 200
    assert not in_admin(replay)


def test_after_five_wrong_codes_even_the_right_one_is_refused(client, ana, enrolled):
    device, codes = enrolled
    sign_in(client)
    wrong = wrong_code_of(device)
    assert [give_code(client, wrong).status_code for _ in range(5)] == [200] * 5

    refused = give_code(client, code_of(device))
    assert refused.status_code == 429
    assert THROTTLED in refused.content.decode()
    assert 1 <= int(refused["Retry-After"]) <= 15 * 60
    assert give_code(client, codes[0]).status_code == 429  # backup codes alike
    assert not in_admin(client)


def test_an_unverified_person_is_anonymous_on_the_public_site(ana, enrolled):
    request = RequestFactory().get("/fr/")
    request.user = ana
    ana.is_verified = lambda: False
    middleware = two_factor.TwoFactorMiddleware(lambda request: None)
    assert middleware.gate(request) is None
    assert request.user.is_anonymous


def test_superusers_can_be_required_to_enrol(client, ana, editor, settings):
    settings.OTP_REQUIRED_FOR_SUPERUSERS = True
    sign_in(client)
    assert client.get("/admin/")["Location"] == SETUP + "?next=%2Fadmin%2F"
    assert client.get(SETUP).status_code == 200

    other = Client()
    sign_in(other, "eli")
    assert in_admin(other)  # not a superuser: still optional


# --- Account: new backup codes, turning off ----------------------------------------------------------------


def signed_in_with_code(client, device):
    sign_in(client)
    assert give_code(client, code_of(device)).status_code == 302


def test_new_backup_codes_replace_the_old_ones(client, ana, enrolled):
    device, old = enrolled
    signed_in_with_code(client, device)
    assert client.get(MANAGE).status_code == 200
    response = client.post("/admin/account/two-factor/backup-codes/", {"codes-secret": PASSWORD})
    assert response.status_code == 200
    new = response.context["codes"]
    assert set(new).isdisjoint(old)
    assert set(StaticToken.objects.filter(device__user=ana).values_list("token", flat=True)) == set(new)


def test_turning_off_takes_the_password_or_a_code(client, ana, enrolled):
    device, _ = enrolled
    signed_in_with_code(client, device)
    client.post("/admin/account/two-factor/disable/", {"off-secret": "not-my-password"})
    assert two_factor.has_second_factor(ana)

    response = client.post("/admin/account/two-factor/disable/", {"off-secret": PASSWORD})
    assert response["Location"] == "/admin/account/"
    assert not two_factor.has_second_factor(ana)
    assert in_admin(client)

    again = Client()
    sign_in(again)
    assert in_admin(again)  # the password alone, as before


def test_turning_off_with_a_backup_code(client, ana, enrolled):
    device, codes = enrolled
    signed_in_with_code(client, device)
    client.post("/admin/account/two-factor/disable/", {"off-secret": codes[3]})
    assert not two_factor.has_second_factor(ana)


# --- Administrators ------------------------------------------------------------------------------------


def test_administrators_see_who_has_it_and_a_superuser_removes_it(client, ana, enrolled, editor, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    client.force_login(boss)  # no device: nothing to verify
    listing = client.get(USERS)
    assert listing.status_code == 200
    rows = {row["user"].username: row for row in listing.context["rows"]}
    assert rows["ana"]["device"] == enrolled[0] and rows["ana"]["backup_codes"] == 10
    assert rows["eli"]["device"] is None and rows["boss"]["device"] is None

    response = client.post(RESET, {"user": ana.pk})
    assert response["Location"] == USERS
    assert not two_factor.has_second_factor(ana)


def test_only_a_superuser_removes_it(client, ana, enrolled, editor):
    client.force_login(editor)
    listing = client.get(USERS)
    assert listing.status_code == 200  # may see who has it
    assert not listing.context["can_reset"] and RESET not in listing.content.decode()
    assert client.post(RESET, {"user": ana.pk}).status_code in (302, 403)  # Wagtail redirects a refusal home
    assert two_factor.has_second_factor(ana)


def test_the_reset_is_a_post_with_a_csrf_token(ana, enrolled, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    client = Client(enforce_csrf_checks=True)
    client.force_login(boss)
    assert client.get(RESET, {"user": ana.pk}).status_code == 405
    assert client.post(RESET, {"user": ana.pk}).status_code == 403
    assert two_factor.has_second_factor(ana)


def test_people_without_admin_access_see_neither_page(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", "r@example.org", PASSWORD))
    assert client.get(USERS).status_code in (302, 403)


def test_the_account_and_settings_menus_lead_to_it(admin_client):
    assert MANAGE in admin_client.get("/admin/account/").content.decode()
    assert USERS in admin_client.get("/admin/").content.decode()
    page = admin_client.get(MANAGE)
    assert page.status_code == 200
    assert SETUP in page.content.decode()
