"""The installable, offline-capable site: the web app manifest, the service worker and the offline page.

The service worker (static/js/sw.js, with the storage rule of static/js/offline-rule.js) is served from the
site's root, so that its scope is every page; `/sw.js` prefixes it with what it needs from the server (the
shell's URLs, as the static storage names them, and the offline page of each language) and a cache version
made from all of it: a new file or a new shell empties the old caches when the new worker activates.
The offline page lists what the reader saved (filled in by static/js/offline.js from her browser's caches)
and holds the data saver setting (base.data_saver), which works without JavaScript.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import data_saver

THEME_COLOUR = "#00585a"  # --primary in static/css/socialab.css
SHELL_STATIC = ("css/socialab.css", "img/logo.svg", "img/favicon.svg", "js/offline-rule.js", "js/offline.js")
WORKER_FILES = ("js/offline-rule.js", "js/sw.js")
# Never stored by the service worker, whatever they answer (the rule in static/js/offline-rule.js repeats them).
NEVER_STORED = ("/admin/", "/django-admin", "/accounts/", "/api/", "/_util/", "/sw.js")


def offline_urls():
    """{language code: its offline page's URL}."""
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = reverse("offline")
    return urls


def worker_config():
    offline = offline_urls()
    return {
        "static": settings.STATIC_URL,
        "shell": [static(name) for name in SHELL_STATIC] + list(offline.values()),
        "offline": offline,
        "default_language": settings.LANGUAGES[0][0],
        "never": list(NEVER_STORED),
        "files": ["/documents/", settings.MEDIA_URL],
        # In development static files keep their names while they change: the network first, the cache offline.
        "static_network_first": settings.DEBUG,
    }


def _read(name):
    with open(finders.find(name), "rb") as file:
        return file.read()


def worker_script():
    """The service worker's source: its configuration, then the storage rule and the worker. Its version changes
    with the worker, its configuration and the shell's files (whose names change only in production)."""
    code = b"\n".join(_read(name) for name in WORKER_FILES).decode("utf-8")
    config = worker_config()
    digest = hashlib.sha256(json.dumps(config, sort_keys=True).encode() + code.encode())
    for name in SHELL_STATIC:
        digest.update(_read(name))
    config["version"] = digest.hexdigest()[:12]
    return f"var SOCIALAB_OFFLINE = {json.dumps(config, sort_keys=True)};\n{code}"


@require_safe
def service_worker(request):
    response = HttpResponse(worker_script(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    patch_cache_control(response, no_cache=True)  # a new worker is seen at the next visit
    return response


@require_safe
def manifest(request):
    """The web app manifest in the reader's language."""
    language = translation.get_language()
    icons = [
        {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": static("img/logo.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    tagline = _("Child protection: practices that work")
    data = {
        "name": f"Socialab · {tagline}",
        "short_name": "Socialab",
        "description": _("Practices and resources for children's rights, readable offline."),
        "lang": language,
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
        "start_url": f"/{language}/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": icons,
    }
    response = JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_safe
def offline_page(request):
    """What the reader saved for offline reading, and the data saver; `?data_saver=on|off` sets it."""
    choice = request.GET.get("data_saver")
    if choice in ("on", "off"):
        return data_saver.remember(redirect("offline"), choice == "on", secure=request.is_secure())
    context = {
        "data_saver": data_saver.wanted(request),
        "save_data_header": data_saver.asked_by_browser(request),
    }
    response = render(request, "base/offline.html", context)
    patch_cache_control(response, no_cache=True)
    return response
