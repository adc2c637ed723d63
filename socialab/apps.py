from django.apps import AppConfig


class SocialabConfig(AppConfig):
    """The project package as an app, for its site-wide template tags and management commands."""

    name = "socialab"
    verbose_name = "Socialab"

    def ready(self):
        from . import checks  # noqa: F401 -- registers the system checks (importing them at module level would load settings early)
