#!/usr/bin/env python
"""CPU a page costs to render, uncached, through Django's test client with the production settings.

    DATABASE_URL=postgres://…/socialab_x .venv/bin/python bench/render_bench.py              # 200 requests a page
    DATABASE_URL=… .venv/bin/python bench/render_bench.py --redis                             # Redis as the cache
    DATABASE_URL=… .venv/bin/python bench/render_bench.py --profile practice > profile.txt    # cProfile of one page

One process, no server: each request goes through every middleware (gzip included: the client
accepts it) and the page cache is off (PAGE_CACHE_SECONDS=0). The figure is the CPU time of this
process (`time.process_time`) a request, median and p95, after a few warm-up requests; the database
server's own CPU is not in it. The bare view (a response through the same middleware, no page) gives
the ceiling, as in bench/page_bench.py. The pages are read from the database DATABASE_URL names
(build one as bench/page_bench.py's `build` does, or `setup_site` and `load_demo`): the home page,
the practice listing, unfiltered and filtered by a country and a theme, a practice with one country,
a search for "enfants" and a country page, in French. Without --redis
the cache is this process's memory; with it, Redis database --redis-db (emptied first). Static
files are collected first (into STATIC_ROOT, as production's storage needs).
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="measured requests a page")
    parser.add_argument("--warm-up", type=int, default=10, help="requests a page before measuring")
    parser.add_argument("--redis", action="store_true", help="Redis as Django's cache (REDIS_URL)")
    parser.add_argument("--redis-db", type=int, default=12, help="a Redis database of the bench's own (emptied)")
    parser.add_argument("--profile", metavar="PAGE", help="print a cProfile of PAGE (home, listing, practice, …)")
    parser.add_argument("--pages", nargs="+", metavar="PAGE", help="only these pages (and the bare view)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser.parse_args()


def setup(args):
    if "DATABASE_URL" not in os.environ:
        sys.exit("DATABASE_URL names the database to measure (see the docstring)")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="socialab.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        HTTPS="false",
        PAGE_CACHE_SECONDS="0",
        SOCIALAB_SINGLE_PROCESS="true",  # one process: its memory cache is allowed
        SEARCH_PAGE_RATE_PER_MINUTE="0",
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("REDIS_URL", None)
    if args.redis:
        os.environ["REDIS_URL"] = f"redis://127.0.0.1:6379/{args.redis_db}"
    sys.path[:0] = [str(ROOT), str(BENCH)]
    import django  # after the environment above: the settings read it

    django.setup()
    from django.conf import settings  # Django is set up (the environment above) before these are imported
    from django.core.management import call_command

    settings.ROOT_URLCONF = "page_bench_urls"  # the site plus /bench/bare/
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest production's static URLs read
    if args.redis:
        from django.core.cache import caches  # after django.setup(), like the imports above

        for alias in settings.CACHES:
            caches[alias].clear()


def pages():
    """Paths of the measured pages, read from the database."""
    # Django is set up before these are imported.
    from django.db.models import Count

    from places.models import PlacesIndexPage
    from practices.models import PracticeIndexPage, PracticePage

    def path(page):
        return page.get_url_parts()[2]

    listing = path(PracticeIndexPage.objects.get(locale__language_code="fr"))
    practices = PracticePage.objects.live().public().filter(locale__language_code="fr")
    practices = practices.annotate(n=Count("countries")).filter(n=1).order_by("pk")
    found = {
        "bare view": "/bench/bare/",
        "home": listing.rstrip("/").rsplit("/", 1)[0] + "/",
        "listing": listing,
        "filtered listing": listing + "?country=togo&theme=child-participation",
        "practice": path(practices[practices.count() // 2]),
        "search": listing.rstrip("/").rsplit("/", 1)[0] + "/search/?q=enfants",
    }
    places = PlacesIndexPage.objects.live().filter(locale__language_code="fr").first()
    if places is not None:
        found["country"] = path(places) + "togo/"
    return found


def warm(client, path, count):
    for _ in range(count):
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")


def measure(client, path, count, warm_up):
    warm(client, path, warm_up)
    times = []
    for _ in range(count):
        started = time.process_time()
        client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        times.append((time.process_time() - started) * 1000)
    times.sort()
    return {"median_ms": statistics.median(times), "p95_ms": times[int(len(times) * 0.95) - 1]}


def profile(client, path, count):
    profiler = cProfile.Profile(time.process_time)  # CPU, not waiting for the database
    profiler.enable()
    for _ in range(count):
        client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    profiler.disable()
    output = io.StringIO()
    stats = pstats.Stats(profiler, stream=output)
    stats.sort_stats("cumulative").print_stats(80)
    stats.sort_stats("cumulative").print_stats(r"^(?!.*(site-packages|lib/python3))", 60)  # the project's own code
    stats.sort_stats("tottime").print_stats(40)
    print(output.getvalue())


def main():
    args = parse_args()
    setup(args)
    from django.test import Client  # after setup(): Django reads the bench's settings first

    client = Client()
    targets = pages()
    if args.profile:
        warm(client, targets[args.profile], args.warm_up)
        profile(client, targets[args.profile], args.requests)
        return
    if args.pages:
        targets = {name: path for name, path in targets.items() if name in args.pages or name == "bare view"}
    rows = {
        name: {"path": path, **measure(client, path, args.requests, args.warm_up)} for name, path in targets.items()
    }
    bare = rows["bare view"]["median_ms"]
    for row in rows.values():
        row["ratio_to_bare"] = bare / row["median_ms"] if row["median_ms"] else None
    if args.json:
        print(json.dumps({"redis": args.redis, "requests": args.requests, "pages": rows}, indent=2))
        return
    print(f"CPU a request (ms), {args.requests} requests a page, cache: {'Redis' if args.redis else 'memory'}")
    print(f"{'page':<12} {'median':>8} {'p95':>8} {'× bare':>8}  path")
    for name, row in rows.items():
        print(f"{name:<12} {row['median_ms']:>8.2f} {row['p95_ms']:>8.2f} {row['ratio_to_bare']:>8.3f}  {row['path']}")


if __name__ == "__main__":
    main()
