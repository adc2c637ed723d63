from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Countries and regions")

    def ready(self):
        # Registers this app's pages with the search index; it needs the models, so it waits for ready().
        from . import search  # noqa: F401
