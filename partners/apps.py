from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner organisations")

    def ready(self):
        # Registers this app's pages with search and the exchange format; that needs the models, so it waits for ready().
        from . import exchange, search  # noqa: F401
