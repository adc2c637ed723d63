"""Settings → Locked accounts, for superusers and the groups given axes' "view access attempt" permission
(unlocking takes "delete access attempt"); both are offered in the group editor under Other permissions.

Account → Two-factor sign-in for everyone, and Settings → Two-factor sign-in for those who manage users (removing
somebody's devices: superusers only), socialab/users/two_factor_views.py."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import two_factor_views
from .two_factor import app_device
from .views import UNLOCK_PERMISSION, VIEW_PERMISSION, lockouts_view, unlock_view


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return [
        path("locked-accounts/", lockouts_view, name="locked_accounts"),
        path("locked-accounts/unlock/", unlock_view, name="locked_accounts_unlock"),
        path("two-factor/verify/", two_factor_views.verify_view, name="two_factor_verify"),
        path("account/two-factor/", two_factor_views.manage_view, name="two_factor"),
        path("account/two-factor/setup/", two_factor_views.setup_view, name="two_factor_setup"),
        path("account/two-factor/backup-codes/", two_factor_views.backup_codes_view, name="two_factor_backup_codes"),
        path("account/two-factor/disable/", two_factor_views.disable_view, name="two_factor_disable"),
        path("two-factor-users/", two_factor_views.users_view, name="two_factor_users"),
        path("two-factor-users/reset/", two_factor_views.reset_view, name="two_factor_reset"),
    ]


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return LockoutsMenuItem(
        _("Locked accounts"), reverse("locked_accounts"), name="locked-accounts", icon_name="lock", order=610
    )


class TwoFactorUsersMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(two_factor_views.user_admin_permission())


@hooks.register("register_settings_menu_item")
def register_two_factor_users_menu_item():
    return TwoFactorUsersMenuItem(
        _("Two-factor sign-in"), reverse("two_factor_users"), name="two-factor-users", icon_name="key", order=620
    )


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    on = app_device(request.user) is not None
    return {
        "url": reverse("two_factor"),
        "label": _("Two-factor sign-in"),
        "help_text": _("On: a code from your authenticator app is asked after your password.")
        if on
        else _("Off: add a code from an authenticator app to your password."),
    }


@hooks.register("register_permissions")
def register_lockout_permissions():
    codenames = [permission.split(".")[1] for permission in (VIEW_PERMISSION, UNLOCK_PERMISSION)]
    return Permission.objects.filter(content_type__app_label="axes", codename__in=codenames)
