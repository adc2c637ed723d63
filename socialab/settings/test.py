"""Settings for the test suite: fast, isolated, deterministic."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, RENDITIONS_CACHE, STORAGES

DEBUG = False
SECRET_KEY = "test-only-not-a-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, "renditions": RENDITIONS_CACHE}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
WAGTAILADMIN_BASE_URL = "http://testserver"
# Django's test client's login() authenticates without a request, which django-axes refuses; the lockout's
# own tests (socialab/tests/test_lockout.py) turn it on.
AXES_ENABLED = False
# Uploaded files and image renditions made by tests go to a throwaway folder.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="socialab-test-media-"))

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not SQLite's shared in-memory database: the browser tests' live server answers requests in
    # several threads (an autosave ping beside a save), and in shared-cache memory a second writer fails
    # at once with "database table is locked" instead of waiting its turn as it does on a file.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.mkdtemp(prefix="socialab-test-db-")) / "test.sqlite3")}
