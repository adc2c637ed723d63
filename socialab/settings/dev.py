"""Local development: DEBUG on, SQLite unless DATABASE_URL is set, mails to the console."""

import secrets

from .base import *  # noqa: F403
from .base import BASE_DIR
from .env import env_list, env_str

DEBUG = True

# A per-checkout random key, kept out of git, so sessions survive restarts.
_key_file = BASE_DIR / ".local" / "dev-secret-key"
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not _key_file.exists():
        _key_file.parent.mkdir(exist_ok=True)
        _key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = _key_file.read_text().strip()

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *env_list("ALLOWED_HOSTS")]
# Serve files straight from the apps while developing: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
