"""`/healthz`: whether this server can answer — its database, its cache and the search engine.

For load balancers and uptime monitors: 200 with `{"status": "ok", …}` when all three answer, else 503
naming the part that failed (never the error's text, which may hold addresses or credentials; that goes
to the log). Never cached, never redirected to a language, nothing of the content in it.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from search.engines import get_engine

logger = logging.getLogger(__name__)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache():
    key, value = f"healthz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, timeout=10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


def _search():
    return get_engine().healthy()


CHECKS = {"database": _database, "cache": _cache, "search": _search}


@never_cache
@require_safe
def healthz(request):
    results, started = {}, time.perf_counter()
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "failing"
        except Exception:  # a health check reports every failure instead of raising it
            logger.exception("Health check %s failed", name)
            results[name] = "failing"
    healthy = all(value == "ok" for value in results.values())
    body = {"status": "ok" if healthy else "failing", "checks": results}
    body["milliseconds"] = round((time.perf_counter() - started) * 1000, 1)
    return JsonResponse(body, status=200 if healthy else 503)
