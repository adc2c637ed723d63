"""Production: every secret comes from the environment, and missing ones stop the start-up."""

from email.utils import getaddresses

from .base import *  # noqa: F403
from .base import SILENCED_SYSTEM_CHECKS, STORAGES
from .env import env_bool, env_int, env_list, env_required, env_str

DEBUG = False
SOCIALAB_PRODUCTION = True  # socialab.checks: the production-only system checks
# Without REDIS_URL, production refuses to start (socialab.E001) unless it runs one worker process only.
SOCIALAB_SINGLE_PROCESS = env_bool("SOCIALAB_SINGLE_PROCESS", False)
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)  # files keep the privacy of their pages (socialab/media.py)

SECRET_KEY = env_required(
    "SECRET_KEY",
    'set it to a long random string, for example the output of python -c "import secrets; print(secrets.token_urlsafe(50))".',
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    env_required(
        "ALLOWED_HOSTS", "set it to the comma-separated host names the site answers to, e.g. socialab.example.org."
    )
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", [f"https://{host}" for host in ALLOWED_HOSTS if "*" not in host]
)

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS: on by default; set HTTPS=false only behind a private network for testing.
HTTPS = env_bool("HTTPS", True)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
# The TLS proxy appends the reader's address to X-Forwarded-For: rate limits count readers, not the proxy.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if HTTPS else 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's live preview shows the page in a same-origin frame, so not DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = [
    *SILENCED_SYSTEM_CHECKS,  # settings/base.py: axes.W006, a lockout by username on purpose
    "security.W019",  # X_FRAME_OPTIONS is SAMEORIGIN on purpose (above)
    "security.W005",  # HSTS for subdomains and preloading is the domain owner's call, not this site's
    "security.W021",
]

# Who receives a mail for each server error (500), with its traceback: "Name <mail>, other@example.org".
ADMINS = [(name or address, address) for name, address in getaddresses(env_list("ADMINS")) if address]

# One JSON object a line on the console (socialab.logs), or plain text with LOG_FORMAT=text.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "socialab.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "text" if env_str("LOG_FORMAT") == "text" else "json",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "include_html": False,
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"handlers": ["console", "mail_admins"], "level": "WARNING", "propagate": False},
        "django.security": {"handlers": ["console", "mail_admins"], "level": "WARNING", "propagate": False},
    },
}
