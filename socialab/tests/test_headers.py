"""Security headers, compression and the absence of inline code that the Content-Security-Policy forbids."""

import gzip
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template import loader

from socialab.headers import ADMIN_POLICY, PUBLIC_POLICY, SecurityHeadersMiddleware

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_CODE = {
    "a style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "a <style> element": re.compile(r"<style\b", re.I),
    "an inline <script>": INLINE_SCRIPT,
    "an on… event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "a javascript: address": re.compile(r"=\s*[\"']?\s*javascript:", re.I),
}


def directives(policy):
    """{directive: [sources]} of a Content-Security-Policy header."""
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def inline_code(html):
    return [what for what, pattern in INLINE_CODE.items() if pattern.search(html)]


def public_urls(sample):
    return [
        "/fr/",
        "/es/",
        "/en/practices/",
        sample["togo"].url,
        sample["togo_es"].url,
        sample["peru"].url,
        sample["guide"].url,
        sample["partner"].url,
        "/fr/pays/",
        "/fr/pays/peru/",
        "/fr/search/?q=conseils",
    ]


# --- Content-Security-Policy ----------------------------------------------------


def test_public_page_has_a_strict_content_security_policy(client, home_pages):
    response = client.get("/fr/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_the_service_worker_and_the_manifest_come_from_the_site_only(client, home_pages):
    for url in ("/fr/", "/sw.js", "/fr/manifest.webmanifest", "/fr/offline/"):
        policy = directives(client.get(url)["Content-Security-Policy"])
        assert policy["worker-src"] == ["'self'"] and policy["manifest-src"] == ["'self'"], url


def test_error_pages_have_the_public_policy(client, home_pages):
    response = client.get("/fr/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Security-Policy"] == PUBLIC_POLICY


def test_admin_has_its_own_policy_that_still_refuses_other_sites_frames(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert response["Content-Security-Policy"] == ADMIN_POLICY
    assert policy["frame-ancestors"] == ["'self'"]  # the page preview is a same-origin frame
    assert policy["object-src"] == ["'none'"]
    assert "script-src" not in policy  # Wagtail writes its scripts and styles inline


def test_admin_login_page_has_the_admin_policy(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == ADMIN_POLICY


def test_a_view_s_own_policy_is_kept(rf):
    from_view = "default-src 'none'"
    middleware = SecurityHeadersMiddleware(lambda request: HttpResponse(headers={"Content-Security-Policy": from_view}))
    response = middleware(rf.get("/fr/"))
    assert response["Content-Security-Policy"] == from_view


# --- Permissions-Policy -----------------------------------------------------------


@pytest.mark.parametrize("url", ["/fr/", "/admin/login/", "/static/css/socialab.css", "/api/v2/pages/"])
def test_every_response_has_a_permissions_policy(client, home_pages, url):
    response = client.get(url)
    assert response.status_code == 200, url
    features = dict(item.strip().split("=") for item in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()", feature


# --- Compression --------------------------------------------------------------------


def test_html_is_gzipped_for_clients_that_accept_it(client, home_pages):
    response = client.get("/fr/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b'<html lang="fr"' in gzip.decompress(response.content)


def test_html_is_plain_for_clients_that_do_not(client, home_pages):
    response = client.get("/fr/")
    assert not response.has_header("Content-Encoding")
    assert b'<html lang="fr"' in response.content


# --- No inline code on public pages ---------------------------------------------------


def test_rendered_public_pages_hold_no_inline_code(client, sample):
    for url in public_urls(sample):
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


def test_the_500_page_holds_no_inline_code_and_its_stylesheet_exists():
    html = loader.get_template("500.html").render()
    assert inline_code(html) == []
    assert "/static/css/error.css" in html
    assert finders.find("css/error.css")


def test_no_template_file_holds_inline_code():
    """Templates no test renders too: every .html file of the project's template folders."""
    folders = [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates")]
    files = [path for folder in folders for path in folder.rglob("*.html")]
    assert len(files) > 10
    offenders = {str(path): found for path in files if (found := inline_code(path.read_text()))}
    assert offenders == {}


@pytest.mark.parametrize(
    "html",
    [
        '<p style="color: red">',
        "<style>p {}</style>",
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<a href="javascript:go()">',
    ],
)
def test_the_scan_finds_each_kind_of_inline_code(html):
    assert inline_code(html)


def test_the_scan_accepts_scripts_from_files_and_data_blocks():
    html = '<script src="/static/js/search.js" defer></script><script type="application/json">{}</script>'
    assert inline_code(html) == []


# --- Gunicorn ------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, deadline):
    while True:
        try:
            return urllib.request.urlopen(url, timeout=max(deadline - time.monotonic(), 1))
        except urllib.error.HTTPError as answer:  # a 404 is an answer, with its headers
            return answer
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.mark.subprocess
def test_gunicorn_sends_no_server_banner(tmp_path):
    """Starts gunicorn with gunicorn.conf.py and the production settings, in a process of its own."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "socialab.settings.production",
        "SECRET_KEY": "x",
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "socialab.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        # A NUL byte is refused (400) before any middleware or view reads the database, which has no tables.
        answer = fetch(f"http://127.0.0.1:{port}/api/%00", time.monotonic() + 8)
        headers = {name.lower(): value for name, value in answer.headers.items()}
    finally:
        server.terminate()
        log = server.communicate(timeout=5)[0].decode(errors="replace")
    assert answer.status == 400, log
    assert "gunicorn" not in headers.get("server", "").lower(), headers
    assert "server" not in headers
    assert headers["permissions-policy"]
