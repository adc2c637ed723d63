"""Issue 15, point 9: no page makes the reader's browser ask another host. Templates and static files name no
outside address a browser would load; tests/browser/test_no_outside_requests.py watches real pages."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SCANNED = {".html", ".txt", ".xml", ".css", ".js", ".svg", ".json", ".webmanifest"}
SKIPPED = {".venv", "node_modules", ".git", "media", "staticfiles"}
# An absolute or protocol-relative address: "https://host…", "//host…" (after a quote, "(" or "=").
OUTSIDE = re.compile(
    r"""(?:https?:)?(?<![\w:/])//(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)|https?://(?P<full>[a-z0-9.-]+)""", re.I
)
NAMESPACE = re.compile(r"""xmlns(?::\w+)?\s*=\s*["'][^"']*["']""")
ALLOWED = {"example.org"}  # the demo's fictional addresses


def scanned_files():
    for folder in [ROOT / "static", *ROOT.glob("*/templates"), ROOT / "templates"]:
        for path in folder.rglob("*"):
            if path.suffix in SCANNED and path.is_file() and not SKIPPED & set(path.relative_to(ROOT).parts):
                yield path


def outside_addresses(text):
    text = NAMESPACE.sub("", text)
    hosts = (match["host"] or match["full"] for match in OUTSIDE.finditer(text))
    return {host.lower() for host in hosts if host.lower().removeprefix("www.") not in ALLOWED}


def test_the_scan_finds_what_it_looks_for():
    page = '<svg xmlns="http://www.w3.org/2000/svg"><a href="https://example.org/">x</a></svg>'
    assert outside_addresses(page) == set()
    assert outside_addresses('<script src="https://cdn.example.com/x.js"></script>') == {"cdn.example.com"}
    assert outside_addresses("@import url(//fonts.googleapis.com/css);") == {"fonts.googleapis.com"}
    assert outside_addresses("// a comment in a script\nlet x = a // b;") == set()


def test_no_template_or_static_file_loads_from_another_host():
    files = list(scanned_files())
    assert any(path.suffix == ".css" for path in files) and any(path.name == "base.html" for path in files)
    found = {str(path.relative_to(ROOT)): hosts for path in files if (hosts := outside_addresses(path.read_text()))}
    assert not found, f"addresses of other hosts: {found}"


def test_the_admin_asks_no_outside_service():
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None  # avatars
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False  # the dashboard's "new version" check
