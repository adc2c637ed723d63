"""/healthz, the production system check of the cache, and the structured log formatter."""

import json
import logging
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.test import RequestFactory, override_settings

from search.engines import get_engine
from socialab import checks, health
from socialab.logs import JsonFormatter

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}}


# --- /healthz ------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_ok_when_database_cache_and_search_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "cache": "ok", "search": "ok"}
    assert body["milliseconds"] >= 0
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_not_redirected_to_a_language(client):
    assert client.get("/healthz").status_code == 200
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_healthz_answers_503_naming_the_failing_part_without_its_error(client, monkeypatch, caplog):
    def broken():
        raise ConnectionError("redis://secret-password@cache.internal refused")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    with caplog.at_level(logging.ERROR, logger="socialab.health"):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"] == {"database": "ok", "cache": "failing", "search": "ok"}
    assert "secret-password" not in response.content.decode()
    assert "secret-password" in caplog.text  # the operator reads it in the log


@pytest.mark.django_db
def test_healthz_reports_a_check_that_answers_wrong(client, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "search", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["search"] == "failing"


@pytest.mark.django_db
def test_the_search_engine_health_reads_its_table(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert get_engine().healthy()


# --- socialab.E001: a per-process cache in production ---------------------------------


def errors():
    return [message for message in run_checks() if message.id == "socialab.E001"]


@override_settings(SOCIALAB_PRODUCTION=True, SOCIALAB_SINGLE_PROCESS=False, CACHES=LOCMEM)
def test_production_refuses_a_per_process_cache():
    found = errors()
    assert len(found) == 1
    assert "REDIS_URL" in found[0].hint
    assert "SOCIALAB_SINGLE_PROCESS" in found[0].hint
    assert found[0].is_serious()


@override_settings(
    SOCIALAB_PRODUCTION=True, SOCIALAB_SINGLE_PROCESS=False, CACHES={**REDIS, "pages": LOCMEM["default"]}
)
def test_production_refuses_any_per_process_cache_alias():
    assert "pages" in errors()[0].msg


@override_settings(SOCIALAB_PRODUCTION=True, SOCIALAB_SINGLE_PROCESS=False, CACHES=REDIS)
def test_production_accepts_redis():
    assert errors() == []


def test_production_accepts_the_renditions_kept_per_process_beside_redis():
    """Image renditions are each process's own by design: their keys change with the image file and the size."""
    production = {**REDIS, "renditions": settings.RENDITIONS_CACHE}
    with override_settings(SOCIALAB_PRODUCTION=True, SOCIALAB_SINGLE_PROCESS=False, CACHES=production):
        assert errors() == []
    with override_settings(
        SOCIALAB_PRODUCTION=True,
        SOCIALAB_SINGLE_PROCESS=False,
        CACHES={**LOCMEM, "renditions": settings.RENDITIONS_CACHE},
    ):
        assert [error.msg.split(" is kept")[0] for error in errors()] == ["The cache default"]


@override_settings(SOCIALAB_PRODUCTION=True, SOCIALAB_SINGLE_PROCESS=True, CACHES=LOCMEM)
def test_production_accepts_a_per_process_cache_with_a_single_process():
    assert errors() == []


@override_settings(CACHES=LOCMEM)
def test_development_accepts_a_per_process_cache():
    assert checks.shared_cache_in_production(None) == []


def test_production_settings_without_redis_fail_manage_py_check(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "socialab.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "socialab.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    refused = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0
    assert "socialab.E001" in refused.stderr
    accepted = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env={**env, "REDIS_URL": "redis://127.0.0.1:6379/0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert accepted.returncode == 0, accepted.stderr


# --- Structured logs ---------------------------------------------------------------------


def record(message, **extra):
    entry = logging.LogRecord("django.request", logging.ERROR, __file__, 1, message, (), None)
    entry.__dict__.update(extra)
    return entry


def test_json_formatter_writes_one_object_a_line_with_the_request_s_path_and_status():
    request = RequestFactory().get("/fr/pratiques/?q=private+words", HTTP_COOKIE="sessionid=secret")
    line = JsonFormatter().format(record("Internal Server Error: %s", status_code=500, request=request))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "django.request"
    assert entry["status"] == 500
    assert entry["path"] == "/fr/pratiques/"
    assert entry["method"] == "GET"
    assert entry["time"].endswith("Z")
    assert "private" not in line and "secret" not in line  # no query string, no cookie


def test_json_formatter_keeps_the_traceback_and_accents():
    try:
        raise ValueError("Côte d’Ivoire")
    except ValueError:
        entry = record("échec")
        entry.exc_info = sys.exc_info()
    parsed = json.loads(JsonFormatter().format(entry))
    assert parsed["message"] == "échec"
    assert "ValueError: Côte d’Ivoire" in parsed["exception"]
