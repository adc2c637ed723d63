#!/usr/bin/env python
"""Index N generated search documents in three languages (default 20,000) and time 50 searches.

    .venv/bin/python bench/search_bench.py                    # a fresh SQLite database in a temp folder
    DATABASE_URL=postgres://…/socialab_search_bench .venv/bin/python bench/search_bench.py

Documents are written straight into the search index (search.indexing.write), with no
Wagtail pages behind them: half French, a quarter Spanish, a quarter English, translations
of one generated item sharing its group and facets. The queries go through
search.service.run_search, as the search page and the API call it (facet counts,
"did you mean", grouping by translation), each warmed up once then timed --repeat times.

The database named by DATABASE_URL is migrated and filled: use a throwaway one.
"""

import argparse
import resource
import statistics
import sys
import time
from dataclasses import replace

from scratch import setup_django  # noqa: E402  (bench/ is on sys.path when a script runs)
from search_corpus import KIND_WEIGHTS, TARGET, generate, queries  # noqa: E402  (beside this script)


def machine_speed():
    """Seconds this machine takes for 10,000,000 Python additions, best of 3: the same code's figures
    are comparable from one run to another only at the same speed (here it varied 0.6 to 1.5 s within
    a session, with nothing else running)."""
    best = None
    for _ in range(3):
        start, total = time.perf_counter(), 0
        for number in range(10_000_000):
            total += number
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def percentiles(times):
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def write_in_batches(documents, size):
    """Write generated documents through search.indexing.write, `size` a transaction; returns how many."""
    # Called once Django is set up (main): the project's modules load models.
    from django.db import transaction

    from search.indexing import write

    batch, written = [], 0
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            with transaction.atomic():
                write(batch)
            written, batch = written + len(batch), []
    if batch:
        with transaction.atomic():
            write(batch)
        written += len(batch)
    return written


def build_index(args, terms, engine):
    """Write the generated documents, count their words, optimise; returns the timings."""
    # Called once Django is set up (main): the project's modules load models.
    from django.db import connection, transaction

    from search.indexing import count_words

    started = time.perf_counter()
    written = write_in_batches(generate(args.items, terms, args.seed), args.batch)
    build = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic():
        count_words()
    counting = time.perf_counter() - started
    started = time.perf_counter()
    engine.optimise()
    optimising = time.perf_counter() - started
    vacuuming = None
    if connection.vendor == "postgresql" and not args.no_vacuum:
        # What autovacuum does soon after a bulk load; without statistics the planner may choose
        # nested loops over the facet subqueries that take seconds (see --no-vacuum).
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument, search_searchfacet, search_searchterm")
        vacuuming = time.perf_counter() - started
    return written, build, counting, optimising, vacuuming


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10_000, help="generated items; about 2 documents each")
    parser.add_argument("--batch", type=int, default=500, help="documents per search.indexing.write() call")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each query")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--slowest", type=int, default=8, help="list this many slowest queries")
    parser.add_argument(
        "--no-vacuum",
        action="store_true",
        help="PostgreSQL: search right after the load, before VACUUM ANALYZE gives the planner statistics",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="search the documents a previous run left in this database (no migration, no build): "
        "to compare code on one index; the figures of record come from full runs",
    )
    args = parser.parse_args()
    setup_django("socialab-search-bench-")
    # The project's modules load models: they wait until Django is set up for the scratch database.
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.http import QueryDict
    from django.utils import translation

    from search.engines import get_engine
    from search.models import SearchDocument, SearchTerm
    from search.params import parse_request
    from search.registry import kind_choices
    from search.service import run_search
    from taxonomy.labels import default_terms

    settings.DEBUG = False  # no query log: time what production runs
    reused = args.reuse and "search_searchdocument" in connection.introspection.table_names()
    reused = reused and SearchDocument.objects.exists()
    if not reused:
        call_command("migrate", verbosity=0)
    terms = default_terms()
    unknown = set(KIND_WEIGHTS) - {value for value, _label in kind_choices()}
    if unknown:
        sys.exit(f"kinds unknown to search.registry.kind_choices(): {sorted(unknown)}")
    engine = get_engine()

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    built = None if reused else build_index(args, terms, engine)
    rss_built = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    speed_before = machine_speed()
    searches = [(language, text, QueryDict(text)) for language, text in queries(terms)]
    for language, _text, query in searches:  # warm up: caches, prepared plans, pages of the database file
        run_search(query, language, record=False)
    full, bare, per_query = [], [], []
    for language, text, query in searches:
        times = timed(lambda: run_search(query, language, record=False), args.repeat)  # noqa: B023
        request, _notices = parse_request(query, language)
        request = replace(request, with_facets=False)
        with translation.override(language):
            engine.search(request)  # warm up
            search_only = timed(lambda: engine.search(request), args.repeat)  # noqa: B023
        page = run_search(query, language, record=False)
        full += times
        bare += search_only
        per_query.append((statistics.median(times), statistics.median(search_only), language, text, page))
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    speed_after = machine_speed()

    by_language = dict(SearchDocument.objects.order_by().values_list("language").annotate(n=Count("pk")))
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    print(
        f"machine speed: 10,000,000 Python additions in {speed_before:.2f} s before the queries, {speed_after:.2f} s after"
    )
    print(f"engine: {engine.name}")
    print(
        f"documents: {SearchDocument.objects.count()} "
        f"({', '.join(f'{code} {n}' for code, n in sorted(by_language.items()))}; {args.items} items), "
        f"vocabulary: {SearchTerm.objects.count()} words"
    )
    if built is None:
        print("build: none, the documents of a previous run searched again (--reuse)")
    else:
        written, build, counting, optimising, vacuuming = built
        print(
            f"build: {build:.1f} s, {written / build:.0f} documents/s (write() in batches of {args.batch}); "
            f"count_words: {counting:.1f} s; optimise: {optimising:.1f} s"
        )
        if connection.vendor == "postgresql":
            vacuumed = (
                f"VACUUM ANALYZE {vacuuming:.1f} s" if vacuuming is not None else "no VACUUM ANALYZE (--no-vacuum)"
            )
            print(f"planner statistics: {vacuumed} before the queries")
    runs = len(searches) * args.repeat
    print(f"queries: {len(searches)} × {args.repeat} timed runs after one warm-up")
    print(f"run_search (search + facets + suggestion), {runs} runs: {percentiles(full)}")
    print(f"engine.search without facets, {runs} runs: {percentiles(bare)}")
    print(TARGET)
    print(f"slowest {args.slowest} queries (median of run_search / of search without facets):")
    for median, median_bare, language, text, page in sorted(per_query, key=lambda row: -row[0])[: args.slowest]:
        extras = [f"{page.total} results"]
        if page.suggestion:
            extras.append(f"suggests “{page.suggestion}”")
        print(f"  {median:7.1f} ms / {median_bare:6.1f} ms  [{language}] {text}  ({', '.join(extras)})")
    print(
        f"process peak RSS: {rss_after / 1e3:.0f} MB "
        f"(grew {(rss_built - rss_before) / 1e3:.0f} MB while indexing, {(rss_after - rss_built) / 1e3:.0f} MB while searching)"
    )


if __name__ == "__main__":
    main()
