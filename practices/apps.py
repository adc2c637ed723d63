from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Practices")

    def ready(self):
        # Registers this app's pages with search and the exchange format; that needs the models, so it waits for ready().
        from . import exchange, search  # noqa: F401
