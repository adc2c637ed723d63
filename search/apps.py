from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Search"

    def ready(self):
        # Imported once the apps' models are loaded, as ready() is for.
        from base.listing import register_count_index, register_listing_index

        from . import signals  # noqa: F401  (keeps the index current)
        from .engines.listing import counted_groups, listed_ids

        register_listing_index(listed_ids)  # listings read which pages they show from the facet index
        register_count_index(counted_groups)  # and places' figures their counts
