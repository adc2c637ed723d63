from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and standard pages")

    def ready(self):
        # Registers this app's pages with the search index; it needs the models, so it waits for ready().
        from . import search  # noqa: F401
