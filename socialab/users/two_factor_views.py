"""Pages of the admin's second factor (socialab.users.two_factor): giving a code after the password, enrolling an
authenticator app and its backup codes, turning it off, and the administrators' overview with a reset."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin import messages

from . import two_factor

TEMPLATES = "users/two_factor/"
WRONG_CODE = gettext_lazy("This code is not valid. Check your app's clock and try again.")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy("The 6 digits your authenticator app shows now, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class ConfirmForm(forms.Form):
    secret = forms.CharField(
        label=gettext_lazy("Your password, or a code from your app"),
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def refused_message(verdict):
    return ngettext(
        "Too many wrong codes. Please try again in %(minutes)d minute.",
        "Too many wrong codes. Please try again in %(minutes)d minutes.",
        verdict.minutes,
    ) % {"minutes": verdict.minutes}


def reject(form, field, verdict, wrong_message):
    """The form's error for a wrong answer; the status and headers of the response that shows it."""
    if verdict.allowed:
        form.add_error(field, wrong_message)
        return 200, {}
    form.add_error(field, refused_message(verdict))
    return 429, {"Retry-After": str(verdict.retry_after)}


def respond(request, template, context, status=200, headers=None):
    response = TemplateResponse(request, TEMPLATES + template, context, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    response["Cache-Control"] = "no-store"  # secrets and codes never sit in a cache
    return response


def safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if allowed else reverse("wagtailadmin_home")


# --- After the password ---------------------------------------------------------------------------------


def verify_view(request):
    """The second step of signing in: a code from the app or a backup code, then the page asked for."""
    user = request.user
    next_url = safe_next(request)
    if user.is_verified() or not two_factor.has_second_factor(user):
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    status, headers = 200, {}
    if form.is_valid():
        device, verdict = two_factor.attempt(user, lambda: two_factor.matching_device(user, form.cleaned_data["code"]))
        if device:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                warn_backup_code_used(request, user)
            return redirect(next_url)
        status, headers = reject(form, "code", verdict, WRONG_CODE)
    return respond(request, "verify.html", {"form": form, "next": next_url}, status, headers)


def warn_backup_code_used(request, user):
    left = two_factor.backup_codes_left(user)
    messages.warning(
        request,
        ngettext(
            "You signed in with a backup code: %(count)d is left. You can make new ones in your account.",
            "You signed in with a backup code: %(count)d are left. You can make new ones in your account.",
            left,
        )
        % {"count": left},
    )


# --- Account → Two-factor sign-in -------------------------------------------------------------------------


def manage_view(request):
    user = request.user
    context = {
        "device": two_factor.app_device(user),
        "backup_codes_left": two_factor.backup_codes_left(user),
        "codes_form": ConfirmForm(prefix="codes"),
        "off_form": ConfirmForm(prefix="off"),
    }
    return respond(request, "manage.html", context)


def setup_view(request):
    """Enrol an app: its secret (QR code, URI, base32), then a code from it confirms it and backup codes follow."""
    user = request.user
    if two_factor.app_device(user):
        return redirect("two_factor")
    device = two_factor.pending_app_device(user)
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = _("The 6 digits your authenticator app shows now for this site.")
    status, headers = 200, {}
    if form.is_valid():
        code = form.cleaned_data["code"]
        accepted, verdict = two_factor.attempt(user, lambda: two_factor.pending_device_accepts(device, code))
        if accepted:
            two_factor.confirm_app_device(device)
            codes = two_factor.new_backup_codes(user)
            otp_login(request, device)  # this session has just shown a code: it is verified
            messages.success(request, _("Two-factor sign-in is on."))
            return respond(request, "backup_codes.html", {"codes": codes})
        status, headers = reject(form, "code", verdict, WRONG_CODE)
    uri = device.config_url
    context = {
        "form": form,
        "uri": uri,
        "secret": two_factor.secret_for_display(device),
        "qr_code": two_factor.qr_code_svg(uri),
        "required": two_factor.must_enrol(user),
    }
    return respond(request, "setup.html", context, status, headers)


def confirmed(request, form):
    """Whether the form holds the person's password or a current code (throttled like the sign-in's)."""
    user = request.user

    def accepts():
        secret = form.cleaned_data["secret"]
        return user.check_password(secret) or two_factor.matching_device(user, secret) is not None

    accepted, verdict = two_factor.attempt(user, accepts)
    if not accepted:
        reject(form, "secret", verdict, _("This is neither your password nor a valid code."))
        messages.error(request, form.errors["secret"][0])
    return accepted


@require_POST
def backup_codes_view(request):
    """New backup codes, the old ones no longer work; shown once."""
    user = request.user
    form = ConfirmForm(request.POST, prefix="codes")
    if not two_factor.has_second_factor(user) or not form.is_valid() or not confirmed(request, form):
        return redirect("two_factor")
    verified_by_backup_code = isinstance(user.otp_device, StaticDevice)
    codes = two_factor.new_backup_codes(user)
    if verified_by_backup_code:  # its device was just replaced: the session keeps its verification
        otp_login(request, StaticDevice.objects.get(user=user))
    return respond(request, "backup_codes.html", {"codes": codes})


@require_POST
def disable_view(request):
    form = ConfirmForm(request.POST, prefix="off")
    if not form.is_valid() or not confirmed(request, form):
        return redirect("two_factor")
    two_factor.remove_devices(request.user)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    messages.success(request, _("Two-factor sign-in is off: your password alone signs you in."))
    return redirect("wagtailadmin_account")


# --- Settings → Two-factor sign-in (administrators) -------------------------------------------------------


def user_admin_permission():
    user_model = get_user_model()
    return f"{user_model._meta.app_label}.change_{user_model._meta.model_name}"


def staff_users():
    """Active people who can reach the admin: superusers, and holders of Wagtail's "access admin"."""
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    staff = Q(is_superuser=True) | Q(groups__permissions__in=access_admin) | Q(user_permissions__in=access_admin)
    return get_user_model().objects.filter(staff, is_active=True).distinct().order_by("username")


def users_view(request):
    if not request.user.has_perm(user_admin_permission()):
        raise PermissionDenied
    users = list(staff_users())
    apps = {device.user_id: device for device in TOTPDevice.objects.filter(confirmed=True, user__in=users)}
    codes = dict(
        StaticToken.objects.filter(device__user__in=users, device__confirmed=True)
        .values_list("device__user")
        .annotate(count=Count("pk"))
    )
    rows = [{"user": user, "device": apps.get(user.pk), "backup_codes": codes.get(user.pk, 0)} for user in users]
    context = {
        "rows": rows,
        "can_reset": request.user.is_superuser,
        "required_for_superusers": two_factor.required_for_superusers(),
    }
    return TemplateResponse(request, TEMPLATES + "users.html", context)


@require_POST
def reset_view(request):
    """Remove somebody's devices (a lost phone): superusers only. They sign in with their password, then enrol again."""
    if not request.user.is_superuser:
        raise PermissionDenied
    user_id = request.POST.get("user", "")
    user = get_object_or_404(get_user_model(), pk=int(user_id) if user_id.isdigit() else 0)
    two_factor.remove_devices(user)
    messages.success(
        request,
        _("Two-factor sign-in was removed for “%(username)s”: their password alone signs them in now.")
        % {"username": user.get_username()},
    )
    return redirect("two_factor_users")
