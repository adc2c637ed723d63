from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial roles")

    def ready(self):
        # Signal receivers connect when their module is imported, once every model is loaded.
        from base.permissions import register_organisation_lookup

        from . import roles, signals, workflow_names  # noqa: F401

        register_organisation_lookup(roles.member_organisation)
        workflow_names.connect()
