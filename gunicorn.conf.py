"""Gunicorn's settings for production: `gunicorn socialab.wsgi` reads this file from the current directory.

BIND (default 0.0.0.0:8000) and WEB_CONCURRENCY (workers, default 2) come from the environment; the
access log goes to standard output. Gunicorn has no setting for its `Server: gunicorn` banner, which
tells a scanner what to try: the response's default headers are filtered here, in the master, before
the workers are forked (they inherit it).
"""

import os

from gunicorn.http import wsgi

bind = os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
accesslog = "-"
errorlog = "-"


def _without_server_banner(default_headers):
    def headers(self):
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    headers.without_banner = True
    return headers


if not getattr(wsgi.Response.default_headers, "without_banner", False):
    wsgi.Response.default_headers = _without_server_banner(wsgi.Response.default_headers)
