from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        # Registers this app's pages with search and the exchange format; that needs the models, so it waits for ready().
        from . import exchange, search  # noqa: F401
