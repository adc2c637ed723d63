"""System checks of the production settings (`manage.py check`, run by `make serve-prod` before gunicorn).

socialab.E001: without REDIS_URL Django's cache is each worker's own memory, with no expiry: pages and
labels cached by one worker are not forgotten by the others when content changes or a page turns
private, and sessions would not be shared. Production refuses it unless the operator says the site
runs a single worker process (SOCIALAB_SINGLE_PROCESS=true). The aliases of PER_PROCESS_CACHE_ALIASES
(image renditions, whose keys change with what they hold) are meant to be each process's own.
"""

from django.conf import settings
from django.core.checks import Error, register

PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")


@register()
def shared_cache_in_production(app_configs, **kwargs):
    if not getattr(settings, "SOCIALAB_PRODUCTION", False) or getattr(settings, "SOCIALAB_SINGLE_PROCESS", False):
        return []
    allowed = getattr(settings, "PER_PROCESS_CACHE_ALIASES", ())
    per_process = [
        alias
        for alias, cache in settings.CACHES.items()
        if cache["BACKEND"] in PER_PROCESS_CACHES and alias not in allowed
    ]
    if not per_process:
        return []
    return [
        Error(
            f"The cache {', '.join(per_process)} is kept in each worker's memory: with several workers, what one "
            "worker forgets (a page turned private, an edited label) the others keep serving.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0), or SOCIALAB_SINGLE_PROCESS=true if the site "
            "runs exactly one worker process.",
            id="socialab.E001",
        )
    ]
