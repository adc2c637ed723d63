#!/usr/bin/env python
"""Lighthouse (mobile) scores for the home page, a practice, a listing and a search, against a running site.

    make serve-prod &                                   # the production profile on http://127.0.0.1:8000
    .venv/bin/python bench/lighthouse_run.py            # scores of the four pages, 3 runs each, medians
    .venv/bin/python bench/lighthouse_run.py --runs 1 --base http://127.0.0.1:8000 --json

Lighthouse is not one of the project's packages (177 MB): the script runs `npx --yes lighthouse@VERSION`
(downloaded once into npm's cache), or the `lighthouse` command named by $LIGHTHOUSE. It drives Debian's
Chromium ($CHROMIUM_PATH, default /usr/bin/chromium) headless, with Lighthouse's default mobile profile
(Moto G Power screen, simulated slow 4G and 4× CPU slowdown). The practice page is the listing's first
result, found by reading the listing; the search is for a word every demo practice contains.
Performance scores on a shared machine vary by a few points: the median of --runs is printed, with each run.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

VERSION = "13.5.0"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-sync"


def lighthouse_command():
    named = os.environ.get("LIGHTHOUSE")
    return [named] if named else ["npx", "--yes", f"lighthouse@{VERSION}"]


def pages(base, language, query):
    """{name: URL} of the four pages: the listing's first card gives the practice."""
    home = urljoin(base, f"/{language}/")
    html = urllib.request.urlopen(home, timeout=30).read().decode()
    listing = re.search(r'class="button" href="([^"]+)"', html)
    if not listing:
        sys.exit(f"{home}: no link to the practice listing (is the demo content loaded?)")
    listing_url = urljoin(home, listing.group(1))
    listing_html = urllib.request.urlopen(listing_url, timeout=30).read().decode()
    card = re.search(r'class="card__title"><a href="([^"]+)"', listing_html)
    if not card:
        sys.exit(f"{listing_url}: no practice card found")
    search = re.search(r'<form[^>]*role="search"[^>]*action="([^"]+)"', html) or re.search(
        r'action="([^"]+)"[^>]*role="search"', html
    )
    search_url = urljoin(home, (search.group(1) if search else f"/{language}/search/") + f"?q={query}")
    return {"home": home, "practice": urljoin(listing_url, card.group(1)), "listing": listing_url, "search": search_url}


def run_once(url, chromium):
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [
            *lighthouse_command(),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
        ]
        environment = {**os.environ, "CHROME_PATH": chromium}
        for _attempt in range(2):  # Lighthouse sometimes misses the start of the trace (NO_NAVSTART): once more
            done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)
            if done.returncode == 0 and report.exists():
                break
        else:
            sys.exit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
        data = json.loads(report.read_text())
    scores = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = {
        name: [
            audit_ref["id"]
            for audit_ref in data["categories"][name]["auditRefs"]
            if audit_ref["weight"] > 0
            and (data["audits"][audit_ref["id"]].get("score") or 0) < 1
            and data["audits"][audit_ref["id"]].get("scoreDisplayMode")
            not in ("notApplicable", "manual", "informative")
        ]
        for name in CATEGORIES
    }
    metrics = {
        key: data["audits"][key]["numericValue"]
        for key in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
        )
    }
    weight = data["audits"]["total-byte-weight"]["numericValue"]
    return {"scores": scores, "failing": failing, "metrics": metrics, "bytes": weight}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8000", help="the running site (default %(default)s)")
    parser.add_argument("--language", default="fr")
    parser.add_argument("--query", default="enfants", help="the search's words (default %(default)s)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    results = {}
    for name, url in pages(args.base, args.language, args.query).items():
        runs = [run_once(url, chromium) for _ in range(args.runs)]
        results[name] = {
            "url": url,
            "runs": runs,
            "median": {cat: statistics.median(run["scores"][cat] for run in runs) for cat in CATEGORIES},
        }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"Lighthouse {VERSION}, mobile, {args.runs} run(s) a page; median (each run)")
    print(f"{'page':10} " + " ".join(f"{cat:>16}" for cat in CATEGORIES) + "  KB   LCP ms")
    for name, result in results.items():
        cells = []
        for cat in CATEGORIES:
            each = "/".join(str(run["scores"][cat]) for run in result["runs"])
            cells.append(f"{result['median'][cat]:>5g} ({each})".rjust(16))
        last = result["runs"][-1]
        print(
            f"{name:10} "
            + " ".join(cells)
            + f"  {last['bytes'] / 1024:.0f}  {last['metrics']['largest-contentful-paint']:.0f}"
        )
        for cat in CATEGORIES:
            failed = sorted({audit for run in result["runs"] for audit in run["failing"][cat]})
            if failed:
                print(f"    {cat}: below full marks on {', '.join(failed)}")
        print(f"    {result['url']}")


if __name__ == "__main__":
    main()
