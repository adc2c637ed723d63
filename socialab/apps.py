from django.apps import AppConfig


class SocialabConfig(AppConfig):
    """The project package as an app, for its site-wide template tags and management commands."""

    name = "socialab"
    verbose_name = "Socialab"
