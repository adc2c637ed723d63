from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Search"

    def ready(self):
        # Imported once the apps' models are loaded, as ready() is for.
        from base.listing import register_listing_index

        from . import signals  # noqa: F401  (keeps the index current)
        from .engines.listing import listed_ids

        register_listing_index(listed_ids)  # listings read which pages they show from the facet index
