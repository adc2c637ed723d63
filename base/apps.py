from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    name = "base"
    verbose_name = _("Shared pages and blocks")

    def ready(self):
        # Signal receivers connect when their modules are imported, once every model is loaded.
        from . import navigation, visibility  # noqa: F401
