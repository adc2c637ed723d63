"""Settings come from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from socialab.settings import env

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_settings(module, **variables):
    """Import a settings module in a fresh interpreter with exactly these variables set."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SOCIALAB_LANGUAGES"}
    }
    clean.update(variables, DJANGO_SETTINGS_MODULE=module)
    code = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.LANGUAGE_CODE)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def test_production_without_secret_key_fails_with_a_clear_message():
    result = load_settings("socialab.settings.production", ALLOWED_HOSTS="socialab.example.org")
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY is required" in result.stderr


def test_production_without_allowed_hosts_fails_with_a_clear_message():
    result = load_settings("socialab.settings.production", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "The environment variable ALLOWED_HOSTS is required" in result.stderr


def test_production_starts_with_its_variables_and_uses_database_url():
    result = load_settings(
        "socialab.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="socialab.example.org",
        DATABASE_URL="postgres://socialab@127.0.0.1:5432/socialab",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "fr"]


def test_sqlite_is_the_default_database():
    result = load_settings("socialab.settings.dev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.sqlite3"


def test_languages_are_configuration():
    result = load_settings("socialab.settings.dev", SOCIALAB_LANGUAGES="es,fr")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "es"
    bad = load_settings("socialab.settings.dev", SOCIALAB_LANGUAGES="fr,xx")
    assert bad.returncode != 0
    assert "SOCIALAB_LANGUAGES" in bad.stderr


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("Yes", True), ("0", False), ("off", False)]
)
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env.env_bool("SOME_FLAG") is expected


def test_env_bool_and_int_reject_nonsense(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be true or false"):
        env.env_bool("SOME_FLAG")
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER must be an integer"):
        env.env_int("SOME_NUMBER", 1)


def test_env_list(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.org, ,b.org ")
    assert env.env_list("HOSTS") == ["a.org", "b.org"]
