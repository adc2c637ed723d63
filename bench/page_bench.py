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

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
HOST = "127.0.0.1"
DATABASE = "postgres://socialab@127.0.0.1:5432/socialab_pagebench"
MARK_VERSION = 1  # change when the generated content changes: older bench databases are rebuilt
FILTER = "country=togo&theme=child-participation"
TARGETS = {"cached": 0.5, "practice": 0.05, "filtered listing": 0.03}


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


def server_env(args, url, encoder, workdir, page_cache_seconds):
    return {
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


def verdicts(rows, load):
    by = {(row["mode"], row["page"]): row for row in rows}
    cached = [row for row in rows if row["mode"] == "cached" and row["page"] != "bare view"]
    found = []
    for row in cached:
        found.append((f"cached {row['page']} ≥ 0.5× bare", row["ratio"], row["ratio"] >= TARGETS["cached"]))
        strict = row["ratio_to_uncached_bare"]
        found.append(("  the same, × the bare view without page cache", strict, strict >= TARGETS["cached"]))
    for page in ("practice", "filtered listing"):
        ratio = by[("uncached", page)]["ratio"]
        found.append((f"uncached {page} ≥ {TARGETS[page]}× bare", ratio, ratio >= TARGETS[page]))
    found.append(("load run: 0 errors", load["errors"], load["errors"] == 0))
    found.append(("load run: p95 < 1 s", load["p95_ms"], load["p95_ms"] is not None and load["p95_ms"] < 1000))
    return [{"target": target, "value": value, "met": met} for target, value, met in found]


def print_table(report):
    print("Environment:")
    for name, value in report["environment"].items():
        print(f"  {name}: {value}")
    print(f"  filtered listing: {report['filtered practices']} practices match {FILTER}")
    print()
    header = f"{'page':17} {'mode':9} {'req/s':>8} {'× bare':>8} {'× bare₀':>8} {'p50 ms':>8} {'p95 ms':>8} {'hits':>5} {'errors':>6} {'KB':>6}"
    print(header)
    print("-" * len(header))
    for row in report["pages"]:
        print(
            f"{row['page']:17} {row['mode']:9} {row['per_second']:8.1f} {row['ratio']:8.4f} "
            f"{row['ratio_to_uncached_bare']:8.4f} {row['p50_ms']:8.1f} "
            f"{row['p95_ms']:8.1f} {row['hits']:5.0%} {row['errors']:6} {row['mean_bytes'] / 1024:6.1f}"
        )
        if row["page"] == "bare view":
            print(f"{'':17} {'':9} (first {row['bare_first']:.1f}, last {row['bare_last']:.1f} req/s)")
    print("× bare: to the bare view of the same server; × bare₀: to the bare view without the page cache")
    load = report["load"]
    print()
    print(
        f"Load run: {load['seconds']:.0f} s, {load['connections']} connections, over {', '.join(load['pages'])} (cached)"
    )
    print(
        f"  {load['requests']} requests ({load['per_second']:.1f} req/s of 200s), {load['errors']} errors "
        f"{load['error_kinds'] or ''}, p50 {load['p50_ms']:.0f} ms, p95 {load['p95_ms']:.0f} ms, "
        f"p99 {load['p99_ms']:.0f} ms, max {load['max_ms']:.0f} ms, over 1 s: {load['over_1s']:.1%}, "
        f"cache hits {load['hits']:.0%}"
    )
    print()
    print("Targets (issue 14):")
    for verdict in report["targets"]:
        value = verdict["value"]
        shown = f"{value:.4f}×" if isinstance(value, float) and "bare" in verdict["target"] else f"{value:.0f}"
        print(f"  {'met    ' if verdict['met'] else 'NOT met'}  {verdict['target']}: {shown}")


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
    report = {"environment": env, "filtered practices": filtered, "pages": rows, "load": load}
    report["targets"] = verdicts(rows, load)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
