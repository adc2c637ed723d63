"""Settings shared by every environment. Environment variables are read here; see README."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

# --- Applications -------------------------------------------------------------

INSTALLED_APPS = [
    # Socialab
    "socialab",
    "socialab.users",
    "socialab.images",
    "taxonomy",
    "base",
    "search",
    "exchange",
    "practices",
    "resources",
    "partners",
    "places",
    "editorial",
    "home",
    "demo",
    # Translation of pages and snippets
    "wagtail_localize",
    "wagtail_localize.locales",
    # Wagtail
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",  # sign-in lockout (Abuse resistance, below)
    "django_otp",  # optional second factor for the admin (Abuse resistance, below)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "socialab.headers.SecurityHeadersMiddleware",  # CSP and Permissions-Policy, static files' too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML and JSON, after WhiteNoise: it serves static files compressed ahead, and ranges of the rest.
    "django.middleware.gzip.GZipMiddleware",
    "socialab.middleware.NulBytesMiddleware",
    # Anonymous readers' pages from the cache (base.page_cache), before the session and what follows it.
    "base.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "socialab.middleware.SocialabLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): a second factor was given
    "socialab.users.two_factor.TwoFactorMiddleware",  # admin pages wait for it (socialab/users/two_factor.py)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "base.sites.SiteRootPathsMiddleware",  # page URLs from the sites kept in memory, not a cache read
    "axes.middleware.AxesMiddleware",  # turns a locked-out sign-in into socialab.users.lockout's page
    "base.middleware.PublicationGateMiddleware",  # last: it runs admin views in a transaction
]

ROOT_URLCONF = "socialab.urls"
WSGI_APPLICATION = "socialab.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "socialab.context_processors.navigation",
            ],
        },
    },
]

# --- Database, cache, users ---------------------------------------------------

# SQLite (the embedded default) when DATABASE_URL is unset; PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and a writer work at once; IMMEDIATE avoids "database is locked" on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Wagtail's image renditions (the row of each size of each image a page shows), in each process's memory
# rather than Redis: a rendition's key names its image, the image file's hash, the focal point and the
# size, so a kept row is never stale, and a page's images cost no round trip (socialab.checks allows it).
RENDITIONS_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "TIMEOUT": 24 * 3600,
    "OPTIONS": {"MAX_ENTRIES": 20000},
}
PER_PROCESS_CACHE_ALIASES = ("renditions",)

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "socialab",
            "TIMEOUT": 600,
        },
        # Sessions in Redis too, under their own prefix and with their own expiry (each session's age):
        # every worker and every app server behind a load balancer shares them.
        "sessions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "socialab-sessions",
            "TIMEOUT": None,
        },
        "renditions": RENDITIONS_CACHE,
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, "renditions": RENDITIONS_CACHE}

# Anonymous readers' pages are served from the cache (base.page_cache) until what they show changes, at
# most this long; 0 turns the page cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)

AUTH_USER_MODEL = "users.User"
# django-axes first: it refuses a locked-out username before the password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Background tasks (Wagtail's reference index, file deletion) run in the request by default.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Languages ----------------------------------------------------------------

# The first code is the default and the source language of content. Adding a language
# (say `ar`, written right to left) is a matter of configuration: SOCIALAB_LANGUAGES=fr,es,en,ar
LANGUAGE_CODES = env_list("SOCIALAB_LANGUAGES", ["fr", "es", "en"])
_unknown = [code for code in LANGUAGE_CODES if code not in LANG_INFO]
if _unknown or not LANGUAGE_CODES:
    raise ImproperlyConfigured(
        f"SOCIALAB_LANGUAGES must list language codes known to Django, such as fr,es,en; got {_unknown or 'nothing'}."
    )

LANGUAGE_CODE = LANGUAGE_CODES[0]
LANGUAGES = [(code, LANG_INFO[code]["name_local"]) for code in LANGUAGE_CODES]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static and media files -----------------------------------------------------

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"

MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
# Let Django serve uploaded media itself; production sets this false when the web server does it.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Email --------------------------------------------------------------------

EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = EMAIL_PORT == 587
EMAIL_USE_SSL = EMAIL_PORT == 465
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Socialab <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail ------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Socialab"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILIMAGES_IMAGE_MODEL = "images.CustomImage"
# No avatars from an outside service: it leaks who works in the admin and is unreachable for many.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the dashboard ask releases.wagtail.org for the latest version: upgrades are the operators' (docs/operations.md).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# ASCII slugs keep shared URLs readable in every mail client and chat app.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Documents are always served by Wagtail's view, which checks the reader's access (base.files).
# "Translate this page" makes a draft: a translation goes live once translated (base.gate), never as
# a copy of the original's text under another language (wagtail-localize's default publishes it).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
# Uploads are checked for what they really are (base.uploads); every document is downloaded, but a PDF found free of
# scripts and actions, which socialab.media lets the browser show.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "base.uploads.forms.DocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# The admin's own search (the public search engine is the `search` app of DESIGN §5).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Optional Elasticsearch cluster for the public search engine; index names are prefixed
# per environment so staging and production can share a cluster.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL") or None
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "socialab")
# The sentence encoder of cross-lingual search (search.embeddings); "" for lexical search only.
SEARCH_ENCODER = env_str("SEARCH_ENCODER", "search.embeddings.UniversalSentenceEncoder")

# --- Abuse resistance -----------------------------------------------------------

# Behind proxies that append to X-Forwarded-For, how many: the reader's address is that many entries from
# the right (base.throttle.client_ip). 0: REMOTE_ADDR. Production trusts its TLS proxy (settings/production.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Sign-in lockout (django-axes): the 5th failed attempt for a username locks it for AXES_COOLOFF_MINUTES,
# the right password included. By username alone, failures summed over every address and browser: rotating
# addresses does not buy more guesses, and an office or a mobile operator's shared address (carrier NAT is
# common where the programme works) is never locked out because of somebody else's typing. Hence axes.W006
# silenced below. Failures during the lock do not extend it, so it always ends when the page says.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "socialab.users.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "base.throttle.client_ip"
# No record of successful sign-ins kept for ever (axes' AccessLog): failures only, which expire.
AXES_DISABLE_ACCESS_LOG = True
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Rate limits (base.throttle): {name: (requests, seconds)} per client address, or per e-mail address for
# `password_reset_email`; 0 requests turns a limit off. A person typing in the search box sends a few
# autocomplete requests a second at most.
SOCIALAB_RATE_LIMITS = {
    "search_page": (env_int("SEARCH_PAGE_RATE_PER_MINUTE", 120), 60),
    "search_api": (env_int("SEARCH_API_RATE_PER_MINUTE", 60), 60),
    "autocomplete": (env_int("AUTOCOMPLETE_RATE_PER_MINUTE", 240), 60),
    "password_reset_ip": (env_int("PASSWORD_RESET_RATE_PER_HOUR", 5), 3600),
    "password_reset_email": (env_int("PASSWORD_RESET_RATE_PER_HOUR", 5), 3600),
    # Wrong second-factor codes (or passwords confirming a change) per person: the 6th try is refused.
    "two_factor_code": (5, 15 * 60),
    # Passwords posted to one password-protected page, per address (socialab/page_passwords.py).
    "page_password": (env_int("PAGE_PASSWORD_ATTEMPTS_PER_15_MINUTES", 10), 15 * 60),
}

# Second factor for the admin (socialab.users.two_factor): optional for everyone, or required of superusers.
OTP_REQUIRED_FOR_SUPERUSERS = env_bool("OTP_REQUIRED_FOR_SUPERUSERS", False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME  # the name authenticator apps show beside the codes
# One limit for wrong codes, whose message says how long to wait (two_factor_code above): django-otp's own
# per-device back-off would refuse a right code typed just after a wrong one as if it were wrong.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
