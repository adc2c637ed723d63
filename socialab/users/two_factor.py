"""Optional second factor for the admin (django-otp): an authenticator app (TOTP) and one-time backup codes.

A person with a confirmed device who has given the right password is signed in but not yet *verified*:
`TwoFactorMiddleware` sends every admin page to the verify view until a code from the app or a backup code
is accepted, and treats them as an anonymous reader on the public site (private pages, restricted
documents) meanwhile. People without a device sign in as before, unless OTP_REQUIRED_FOR_SUPERUSERS makes
superusers enrol first.

Wrong codes (and wrong passwords given to confirm a change) are counted per person with base.throttle:
past the limit `two_factor_code` of SOCIALAB_RATE_LIMITS every attempt is refused, the right code included,
until the window ends. A TOTP code is accepted once (the device keeps the last time step used), a backup
code is deleted when used.
"""

from functools import cached_property
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from base.throttle import ALLOWED, check, peek

RATE_LIMIT = "two_factor_code"
BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


# --- Devices -------------------------------------------------------------------------------------------


def app_device(user):
    """The person's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_app_device(user):
    """The device being enrolled: its secret is shown until a code from it confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def has_second_factor(user):
    """A confirmed app, or backup codes left: what the sign-in then asks for. (An empty set of backup codes,
    which `manage.py addstatictoken` can leave behind, would otherwise lock its owner out.)"""
    if user.is_anonymous:
        return False
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
    )


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_backup_codes(user):
    """Replace the person's backup codes with BACKUP_CODE_COUNT fresh ones, returned to be shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def confirm_app_device(device):
    """The enrolled app becomes the person's only one."""
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])


def remove_devices(user):
    """Every device of the person: they sign in with their password alone again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def normalise(code):
    """Codes as people type them: spaces (apps group the digits by three) and capitals do not matter."""
    return "".join((code or "").split()).lower()


def matching_device(user, code):
    """The confirmed device (app or backup codes) that accepts `code`, which it then no longer accepts."""
    code = normalise(code)
    if not code:
        return None
    with transaction.atomic():  # the devices are locked (select_for_update) until their state is saved
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None


def pending_device_accepts(device, code):
    code = normalise(code)
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        return bool(code) and locked.verify_token(code)


# --- Throttle ------------------------------------------------------------------------------------------


def refusal(user, now=None):
    """Whether `user` may try a code now, without counting: refused once the wrong ones reach the limit."""
    return peek(RATE_LIMIT, user.pk, now=now)


def attempt(user, accepts):
    """Run `accepts()` (a code or password check) unless `user` is over the limit; count it if it fails.

    Returns (what accepts() returned, the throttle's verdict for the refusal message).
    """
    verdict = refusal(user)
    if not verdict.allowed:
        return None, verdict
    result = accepts()
    if not result:
        check(RATE_LIMIT, user.pk)
    return result, ALLOWED


# --- Enrolment page ------------------------------------------------------------------------------------


def qr_code_svg(uri):
    """The otpauth:// URI as an inline SVG QR code: dark modules on a white ground, no style attribute."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=12, border=4)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.index("<svg") :]  # without the XML declaration, to sit inside the page
    return mark_safe(svg)  # noqa: S308 -- generated here from the URI, which qrcode encodes as path data only


def secret_for_display(device):
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- Enforcement ---------------------------------------------------------------------------------------


def required_for_superusers():
    return bool(getattr(settings, "OTP_REQUIRED_FOR_SUPERUSERS", False))


def must_enrol(user):
    return required_for_superusers() and user.is_superuser


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware: admin pages wait for the second factor of those who have one."""

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def admin_prefix(self):
        return reverse("wagtailadmin_home")

    @cached_property
    def always_open(self):
        """What an unverified person may still reach: signing out or in again, and the admin's own files."""
        names = ["wagtailadmin_logout", "wagtailadmin_login", "wagtailadmin_javascript_catalog", "wagtailadmin_sprite"]
        return {reverse(name) for name in names}

    def __call__(self, request):
        return self.gate(request) or self.get_response(request)

    def gate(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        path = request.path_info
        admin = path.startswith(self.admin_prefix)
        if admin and path in self.always_open:
            return None
        if has_second_factor(user):
            if not admin:
                request.user = AnonymousUser()  # not signed in, on the public site, until the code is given
                return None
            return self.send_to(request, "two_factor_verify")
        if admin and must_enrol(user):
            return self.send_to(request, "two_factor_setup")
        return None

    def send_to(self, request, name):
        target = reverse(name)
        if request.path_info == target:
            return None
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
