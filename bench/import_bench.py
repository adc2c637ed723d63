#!/usr/bin/env python
"""Import N generated practices (default 2,000) and print records per second and peak memory.

    .venv/bin/python bench/import_bench.py                    # a fresh SQLite database in a temp folder
    DATABASE_URL=postgres://…/socialab_bench .venv/bin/python bench/import_bench.py --count 2000

The database named by DATABASE_URL is migrated and filled: use a throwaway one.
"""

import argparse
import json
import random
import resource
import sys
import time
import tracemalloc

from scratch import setup_django  # noqa: E402  (bench/ is on sys.path when a script runs)

COUNTRIES = ["BF", "CI", "MG", "SN", "TG", "MA", "TN", "CO", "CR", "HN", "PE"]
THEMES = [
    "justice-for-children", "trafficking", "youth-in-difficulty", "armed-conflict", "gender-equality",
    "girls-empowerment", "lgbtqi-rights", "child-participation", "protection-systems",
]  # fmt: skip
WORDS = (
    "enfants filles garçons protection communauté école famille droits participation violence justice quartier".split()
)


def sentence(rng, words=14):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generate(path, count, seed=7):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(20):
            partner = {"type": "partner", "key": f"bench-partner-{number}", "locale": "fr", "title": f"Partenaire {number}",
                       "summary": sentence(rng), "country": rng.choice(COUNTRIES), "themes": rng.sample(THEMES, 2)}  # fmt: skip
            handle.write(json.dumps(partner, ensure_ascii=False) + "\n")
        for number in range(count):
            start = rng.randint(2020, 2025)
            practice = {
                "type": "practice", "key": f"bench-practice-{number}", "locale": rng.choice(["fr", "fr", "es", "en"]),
                "title": f"Pratique {number} : {sentence(rng, 4)[:-1]}", "summary": sentence(rng),
                "body": "".join(f"<h2>{h}</h2><p>{sentence(rng, 40)}</p>" for h in ("Contexte", "Approche", "Résultats")),
                "kind": rng.choice(["good-practice", "innovative-initiative", "partner-contribution"]),
                "countries": rng.sample(COUNTRIES, rng.randint(1, 2)), "themes": rng.sample(THEMES, rng.randint(1, 3)),
                "target_groups": ["girls", "adolescents"], "gender_marker": rng.randint(0, 3), "participation": "consulted",
                "evidence": "documented", "sdg_targets": ["16.2"], "partners": [f"bench-partner-{rng.randrange(20)}"],
                "start_year": start, "end_year": None, "status": "ongoing", "tags": rng.sample(WORDS, 2),
                "safeguarding": {"anonymised": True},
            }  # fmt: skip
            handle.write(json.dumps(practice, ensure_ascii=False) + "\n")
    return count + 20


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument(
        "--trace-memory", action="store_true", help="also measure Python allocations (slows the import)"
    )
    args = parser.parse_args()
    workdir = setup_django("socialab-bench-")
    # The project's modules load models: they wait until Django is set up for the scratch database.
    from django.core.management import call_command
    from django.db import connection

    from exchange.importing import import_file
    from home.site_setup import ensure_site

    call_command("migrate", verbosity=0)
    ensure_site()
    path = workdir / "bench.jsonl"
    records = generate(path, args.count)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if args.trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    report = import_file(path, workdir, publish=True)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if args.trace_memory else None
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if report.problems:
        sys.exit("\n".join(map(str, report.problems[:10])))
    started = time.perf_counter()
    again = import_file(path, workdir, publish=True)
    elapsed_again = time.perf_counter() - started

    print(f"database: {connection.vendor}")
    print(f"records: {records} ({report.summary()})")
    print(f"import: {elapsed:.1f} s, {records / elapsed:.1f} records/s (target ≥ 50)")
    print(
        f"re-import, all unchanged: {elapsed_again:.1f} s, {records / elapsed_again:.1f} records/s ({again.summary()})"
    )
    print(
        f"process peak RSS: {rss_after / 1e3:.0f} MB (grew {(rss_after - rss_before) / 1e3:.0f} MB during the import)"
    )
    if peak is not None:
        print(f"peak Python allocations during import (tracemalloc): {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
