"""The "Import content" screen of the admin, under Settings, for superusers, editors and moderators."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from base.permissions import EditorsMenuItem

from .admin_views import import_view
from .loader import IMPORT_ACTION


@hooks.register("register_log_actions")
def register_import_action(actions):
    actions.register_action(IMPORT_ACTION, _("Import"), _("Imported from an exchange file"))


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("exchange/import/", import_view, name="exchange_import")]


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return EditorsMenuItem(
        _("Import content"), reverse("exchange_import"), name="exchange-import", icon_name="upload", order=900
    )
