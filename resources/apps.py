from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        # Registers this app's pages with search and the exchange format, and the receiver that re-reads a replaced
        # document's text; that needs the models, so it waits for ready().
        from . import exchange, search, signals  # noqa: F401
