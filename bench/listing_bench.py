#!/usr/bin/env python
"""The practice listing's cost through the facet index and through the SQL fallback, on a database that is only read.

    DATABASE_URL=postgres://socialab@127.0.0.1:5432/socialab_pagebench .venv/bin/python bench/listing_bench.py

For the bare and the filtered listing: PostgreSQL's own planning and execution times (EXPLAIN ANALYZE,
best of 3) of the SQL path's page and count queries and of the index path's one page query; the time
of `listed_ids` (the token query and the bit arithmetic); then whole requests rendered in-process,
uncached, with their SQL time (measured around each query) and number of queries. page_bench.py's
database (5,000 practices) is the one to use; on SQLite only the request figures are printed.
"""

import argparse
import re
import statistics
import time
from contextlib import contextmanager

from scratch import setup_django  # noqa: E402  (bench/ is on sys.path when a script runs)

QUERIES = {"listing": "", "filtered": "country=togo&theme=child-participation", "page 5": "page=5"}


def explained(queryset):
    """(planning ms, execution ms) of the queryset's SQL, best of 3; None where the database has no EXPLAIN ANALYZE."""
    from django.db import connection  # Django is set up when main() runs

    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.query.sql_with_params()
    best = None
    for _ in range(3):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + sql, params)
            text = "\n".join(row[0] for row in cursor.fetchall())
        found = tuple(float(re.search(rf"{name} Time: ([\d.]+)", text).group(1)) for name in ("Planning", "Execution"))
        best = found if best is None or sum(found) < sum(best) else best
    return best


@contextmanager
def sql_timer(totals):
    """Append each query's time (s) to `totals`."""
    from django.db import connection  # Django is set up when main() runs

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            totals.append(time.perf_counter() - started)

    with connection.execute_wrapper(timed):
        yield


def request_figures(client, url, requests):
    """(median ms a request, median SQL ms, queries) of `requests` uncached requests, after a warm-up."""
    client.get(url)
    walls, sqls, counts = [], [], []
    for _ in range(requests):
        totals = []
        started = time.perf_counter()
        with sql_timer(totals):
            response = client.get(url)
        walls.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        sqls.append(sum(totals))
        counts.append(len(totals))
    return statistics.median(walls) * 1000, statistics.median(sqls) * 1000, max(counts)


def plan_line(label, figures):
    if figures:
        print(f"  {label:32} planning {figures[0]:7.1f} ms   execution {figures[1]:7.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    setup_django("listing-bench-")
    # Django is set up (the bench's database) before these are imported.
    from django.conf import settings
    from django.http import QueryDict
    from django.test import Client, override_settings

    from base import listing
    from practices.models import PracticeIndexPage, PracticePage

    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    print(f"{PracticePage.objects.live().count()} live practices")
    for name in ("listing", "filtered"):
        filters = listing.parse_filters(QueryDict(QUERIES[name]), index.kinds, facets=index.facets)
        queried = index.queried(filters)
        ids = listing.listed_ids(PracticePage, index.locale_id, filters, frozenset())
        print(f"{name}: {len(ids)} practices")
        plan_line("SQL path: the page", explained(queried[:12]))
        plan_line("SQL path: the count (as rows)", explained(queried.order_by().values("pk")))
        plan_line("index path: the page", explained(index.listing_queryset().filter(pk__in=ids[:12])))
        times = []
        for _ in range(50):
            started = time.perf_counter()
            listing.listed_ids(PracticePage, index.locale_id, filters, frozenset())
            times.append(time.perf_counter() - started)
        print(
            f"  index path: listed_ids            median {statistics.median(times) * 1000:.2f} ms (its token query included)"
        )
    settings.ALLOWED_HOSTS = ["*"]
    client, indexes = Client(), list(listing._indexes)
    print(f"\n{'request':10} {'path':6} {'ms':>8} {'SQL ms':>8} {'queries':>8}")
    with override_settings(PAGE_CACHE_SECONDS=0):
        for name, query in QUERIES.items():
            for path, answers in (("index", indexes), ("SQL", [])):
                listing._indexes[:] = answers  # no index answering: the SQL fallback
                wall, sql, count = request_figures(client, f"{index.url}?{query}", args.requests)
                print(f"{name:10} {path:6} {wall:8.1f} {sql:8.1f} {count:8d}")
    listing._indexes[:] = indexes


if __name__ == "__main__":
    main()
