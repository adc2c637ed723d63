#!/usr/bin/env python
"""Pages under gunicorn (2 workers, production settings, PostgreSQL, Redis) as a ratio to a bare Django view.

    .venv/bin/python bench/page_bench.py                 # 5,000 practices, 200 requests a page, 60 s load run
    .venv/bin/python bench/page_bench.py --quick         # a smoke run: 200 practices, 20 requests, 5 s
    .venv/bin/python bench/page_bench.py --json          # the figures as JSON

The database (--database, default postgres://socialab@127.0.0.1:5432/socialab_pagebench) is the
bench's own: built on the first run (migrate, the site, N practices imported and published through
the importer as bench/import_bench.py generates them, rebuild_search_index, VACUUM ANALYZE), marked
with what it holds, and reused while the mark matches (--rebuild builds it again). Drop it with
`dropdb -h 127.0.0.1 -U socialab socialab_pagebench` (and `socialab_pagebench_quick`, --quick's). The Redis database (--redis-db) is emptied.

gunicorn runs bench/page_bench_wsgi.py (the site plus /bench/bare/, a view returning "ok" through the
same middleware) with gunicorn.conf.py, socialab.settings.production, HTTPS=false, on a free port of
127.0.0.1; the search page's rate limit is off (all requests come from one address). First with
PAGE_CACHE_SECONDS=0 (uncached), then a second server with PAGE_CACHE_SECONDS=600 (cached, after one
warm-up request a page); then the load run over the cached pages on that server. Requests/s count 200s.
Last, "with Redis or without": the uncached pages again on a server without REDIS_URL (each worker its own
memory cache, SOCIALAB_SINGLE_PROCESS set for the bench only), alternating with a Redis server, page by page,
--rounds times (5): a page is slower with Redis when every Redis round is below every round without it, which
equal servers do by chance once in 252 pages (--no-redis-comparison skips it).
"""

import argparse
import io
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import loadgen  # noqa: E402  (bench/ is on sys.path when a script runs)
import psycopg
import redis
from page_bench_report import print_table, redis_row, verdicts

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
HOST = "127.0.0.1"
DATABASE = "postgres://socialab@127.0.0.1:5432/socialab_pagebench"
MARK_VERSION = 1  # change when the generated content changes: older bench databases are rebuilt
FILTER = "country=togo&theme=child-participation"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=None, help=f"default {DATABASE} (--quick: {DATABASE}_quick)")
    parser.add_argument("--redis-db", type=int, default=13, help="a Redis database of the bench's own (emptied)")
    parser.add_argument("--practices", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200, help="measured requests a page (the bare view: 5×)")
    parser.add_argument("--concurrency", type=int, default=4, help="connections while measuring a page")
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument("--load-connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's WEB_CONCURRENCY")
    parser.add_argument("--no-encoder", action="store_true", help="SEARCH_ENCODER empty: lexical search only")
    parser.add_argument("--rebuild", action="store_true", help="build the bench database again")
    parser.add_argument("--quick", action="store_true", help="200 practices, 20 requests a page, a 5 s load run")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    # With equal servers, every Redis round falls below every other by chance with odds 1 in C(2n, n): 1 in 20
    # a page with 3 rounds (1 in 4 that one of the five pages is called slower), 1 in 252 with 5.
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the Redis / per-process comparison")
    parser.add_argument("--no-redis-comparison", action="store_true", help="skip the uncached runs without Redis")
    args = parser.parse_args()
    if args.quick:
        args.practices, args.requests, args.load_seconds = min(args.practices, 200), 20, 5
    args.database = args.database or DATABASE + ("_quick" if args.quick else "")  # a smoke run keeps the real one
    return args


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


# The bench database -------------------------------------------------------------------------------------


def _connect(url, database):

    parts = urlsplit(url)
    return psycopg.connect(urlunsplit(parts._replace(path=f"/{database}")), autocommit=True)


def prepare_database(url, mark, rebuild):
    """True when the database holds what `mark` says (reuse it), else a new empty database and False."""

    name = urlsplit(url).path.lstrip("/")
    with _connect(url, "postgres") as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not rebuild:
            try:
                with _connect(url, name) as bench:
                    found = bench.execute("SELECT mark FROM page_bench_mark").fetchone()
            except psycopg.Error:
                found = None
            if found and found[0] == mark:
                return True
        if exists:
            log(f"dropping {name}: it holds {'something else' if not rebuild else 'what --rebuild replaces'}")
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return False


def build(args, url, mark, workdir):
    """Django (development settings) on the bench database: migrate; on a new database, the content."""
    # Django is set up (bench settings, bench database) before these are imported.
    from django.core.management import call_command
    from django.db import connection
    from import_bench import generate  # noqa: E402  (beside this script)

    from exchange.importing import import_file
    from home.site_setup import ensure_site

    call_command("migrate", verbosity=0)
    if prepare_database.reused:
        return
    started = time.perf_counter()
    ensure_site()
    path = workdir / "practices.jsonl"
    records = generate(path, args.practices)
    log(f"importing {records} records (published), one transaction…")
    report = import_file(path, workdir, publish=True)
    if report.problems:
        sys.exit("\n".join(map(str, report.problems[:10])))
    log(f"imported in {time.perf_counter() - started:.0f} s; rebuild_search_index…")
    call_command("rebuild_search_index", verbosity=0, stdout=io.StringIO())  # stdout: the figures
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum would do soon after the load (it is off here)
        cursor.execute("CREATE TABLE page_bench_mark (mark text)")
        cursor.execute("INSERT INTO page_bench_mark VALUES (%s)", [mark])
    log(f"bench database built in {time.perf_counter() - started:.0f} s")


def targets_of_site():
    """The URLs measured, read from the database: no slug of the generated content is written here."""
    # Django is set up (bench settings, bench database) before these are imported.
    from django.db.models import Count

    from practices.models import PracticeIndexPage, PracticePage

    def path(page):
        return page.get_url_parts()[2]

    listing = path(PracticeIndexPage.objects.get(locale__language_code="fr"))
    practices = PracticePage.objects.live().filter(locale__language_code="fr").annotate(n=Count("countries"))
    practices = practices.filter(n=1).order_by("pk")  # one country: a typical page, taken from the middle
    practice = practices[practices.count() // 2]
    filtered = PracticePage.objects.live().filter(countries__slug="togo", themes__slug="child-participation")
    home = listing.rstrip("/").rsplit("/", 1)[0] + "/"
    pages = {
        "home": home,
        "listing": listing,
        "filtered listing": f"{listing}?{FILTER}",
        "practice": path(practice),
        "search": f"{home}search/?q=enfants",
    }
    return pages, filtered.distinct().count()


def environment(args, encoder):
    # Django is set up (bench settings, bench database) before these are imported.
    from django.db import connection

    from practices.models import PracticePage
    from search.models import SearchDocument

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    info = redis.Redis(host=HOST, db=args.redis_db).info("server")
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "redis": f"yes, {info['redis_version']} (db {args.redis_db})",
        "practices (live)": PracticePage.objects.live().count(),
        "search documents": SearchDocument.objects.count(),
        "search encoder": encoder or "none (SEARCH_ENCODER empty: lexical search only)",
        "gunicorn workers": args.workers,
        "connections while measuring a page": args.concurrency,
    }


# gunicorn ------------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn with the production settings on a free loopback port; stopped (SIGTERM, then SIGKILL) on exit."""

    def __init__(self, env, logfile):
        self.port = free_port()
        self.env = {**env, "BIND": f"{HOST}:{self.port}"}
        self.logfile = logfile
        self.process = None

    def __enter__(self):
        command = [str(ROOT / ".venv/bin/gunicorn"), "--pythonpath", str(BENCH), "page_bench_wsgi:application"]
        with open(self.logfile, "ab") as output:
            # A session of its own: Ctrl-C reaches the bench, whose `finally` stops the server.
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start-up (exit {self.process.returncode}): see {self.logfile}")
            status = loadgen.fetch(HOST, self.port, "/bench/bare/", timeout=2).status
            if status == 200:
                return self
            if status is not None:
                self.__exit__()
                raise RuntimeError(f"gunicorn answered {status} to /bench/bare/: see {self.logfile}")
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer within 90 s: see {self.logfile}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def server_env(args, url, encoder, workdir, page_cache_seconds, use_redis=True):
    env = {
        **{name: value for name, value in os.environ.items() if name not in ("DJANGO_SETTINGS_MODULE", "PORT")},
        "DJANGO_SETTINGS_MODULE": "socialab.settings.production",
        "DATABASE_URL": url,
        "SECRET_KEY": args.secret_key,
        "ALLOWED_HOSTS": HOST,
        "HTTPS": "false",
        "DEBUG": "false",
        "REDIS_URL": f"redis://{HOST}:6379/{args.redis_db}",
        "WEB_CONCURRENCY": str(args.workers),
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "SEARCH_ENCODER": encoder,
        "SEARCH_PAGE_RATE_PER_MINUTE": "0",  # every request comes from 127.0.0.1
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
    }
    if not use_redis:  # each worker its own memory cache: what production refuses, unless told it runs one
        del env["REDIS_URL"]
        env["SOCIALAB_SINGLE_PROCESS"] = "true"
    return env


# Measuring -----------------------------------------------------------------------------------------------


def measure(server, name, path, args, mode, warm_up):
    for result in loadgen.run_requests(HOST, server.port, [path], warm_up, min(2, args.concurrency))[0]:
        if result.status != 200:
            raise RuntimeError(f"{name} {path}: warm-up answered {result.status or result.error}")
    count = args.requests * (5 if name == "bare view" else 1)
    summary = loadgen.summarise(*loadgen.run_requests(HOST, server.port, [path], count, args.concurrency))
    log(f"  {mode:8} {name:17} {summary.per_second:7.1f} req/s  p95 {summary.p95_ms:7.1f} ms")
    return {"page": name, "path": path, "mode": mode, **asdict(summary)}


def measure_server(server, pages, args, mode):
    """The bare view first and last (the ceiling is their mean), every page between; ratios to the ceiling."""
    warm_up = 4 if mode == "uncached" else 2  # uncached: each worker loads its caches; cached: a miss, a hit
    first = measure(server, "bare view", "/bench/bare/", args, mode, 20)
    rows = [measure(server, name, path, args, mode, warm_up) for name, path in pages.items()]
    last = measure(server, "bare view", "/bench/bare/", args, mode, 0)
    ceiling = (first["per_second"] + last["per_second"]) / 2
    bare = {**first, "per_second": ceiling, "bare_first": first["per_second"], "bare_last": last["per_second"]}
    for row in [bare, *rows]:
        row["ratio"] = row["per_second"] / ceiling if ceiling else 0.0
    return [bare, *rows]


def compare_redis(args, url, encoder, workdir, pages, logfile):
    """Each page uncached on a Redis server and on a per-process one, alternating, `--rounds` times."""
    redis.Redis(host=HOST, db=args.redis_db).flushdb()
    runs = {name: {"redis": [], "local": []} for name in pages}
    with (
        Gunicorn(server_env(args, url, encoder, workdir, 0, use_redis=True), logfile) as with_redis,
        Gunicorn(server_env(args, url, encoder, workdir, 0, use_redis=False), logfile) as without,
    ):
        for round_number in range(args.rounds):
            servers = [("redis", with_redis), ("local", without)]
            for name, path in pages.items():
                for cache, server in servers if round_number % 2 == 0 else servers[::-1]:
                    row = measure(server, name, path, args, f"{cache} {round_number + 1}", 4)
                    runs[name][cache].append(row["per_second"])
    return [redis_row(name, rates["redis"], rates["local"]) for name, rates in runs.items()]


def main():
    args = parse_args()
    args.secret_key = secrets.token_urlsafe(50)
    url = args.database
    encoder = "" if args.no_encoder else os.environ.get("SEARCH_ENCODER", "search.embeddings.UniversalSentenceEncoder")
    mark = f"v{MARK_VERSION} practices={args.practices} encoder={encoder or 'none'}"
    prepare_database.reused = prepare_database(url, mark, args.rebuild)
    log(f"bench database: {'reused' if prepare_database.reused else 'new'} ({mark})")
    os.environ["DATABASE_URL"] = url
    os.environ["SEARCH_ENCODER"] = encoder
    from scratch import setup_django  # noqa: E402  (beside this script)

    workdir = setup_django("socialab-page-bench-")
    build(args, url, mark, workdir)
    pages, filtered = targets_of_site()
    env = environment(args, encoder)

    redis.Redis(host=HOST, db=args.redis_db).flushdb()
    base_env = server_env(args, url, encoder, workdir, 0)
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT, env=base_env, check=True,
    )  # fmt: skip
    logfile = workdir / "gunicorn.log"
    log(f"gunicorn's log: {logfile}")
    rows = []
    with Gunicorn(base_env, logfile) as server:
        rows += measure_server(server, pages, args, "uncached")
    redis.Redis(host=HOST, db=args.redis_db).flushdb()
    with Gunicorn(server_env(args, url, encoder, workdir, 600), logfile) as server:
        rows += measure_server(server, pages, args, "cached")
        log(f"load run: {args.load_seconds:.0f} s, {args.load_connections} connections…")
        results, seconds = loadgen.run_for(
            HOST, server.port, list(pages.values()), args.load_seconds, args.load_connections
        )
    load = {
        **asdict(loadgen.summarise(results, seconds)),
        "connections": args.load_connections,
        "pages": list(pages),
    }
    # The page cache costs the bare view a Redis read too: also the ratio to the bare view of the server without it.
    ceiling = next(row["per_second"] for row in rows if row["page"] == "bare view" and row["mode"] == "uncached")
    for row in rows:
        row["ratio_to_uncached_bare"] = row["per_second"] / ceiling if ceiling else 0.0
    comparison = None if args.no_redis_comparison else compare_redis(args, url, encoder, workdir, pages, logfile)
    report = {"environment": env, "filter": FILTER, "filtered practices": filtered, "pages": rows, "load": load}
    report["redis comparison"] = comparison
    report["targets"] = verdicts(rows, load, comparison)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
