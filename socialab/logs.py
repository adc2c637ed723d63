"""Structured logging: one JSON object a line on the console, for a log collector (journald, Docker, Loki…).

    {"time": "2026-12-03T14:05:00.123Z", "level": "ERROR", "logger": "django.request",
     "message": "Internal Server Error: /fr/…", "status": 500, "path": "/fr/…", "exception": "Traceback …"}

The request's path and status are added when Django's request logger gives them; the request's
query string, cookies and headers never are (they may hold search words or a session).
"""

import json
import logging
from datetime import UTC, datetime

EXTRA_FIELDS = ("status_code",)


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "status_code", None) is not None:
            entry["status"] = record.status_code
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["path"] = request.path
            entry["method"] = request.method
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
