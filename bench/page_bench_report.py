"""What bench/page_bench.py prints and judges: the targets of issue 14 and the table of figures."""

from statistics import median

TARGETS = {"cached": 0.5, "practice": 0.05, "filtered listing": 0.03}


def redis_row(page, redis_rates, local_rates):
    """One page of the Redis comparison: slower with Redis only when every Redis round was slower than every
    round without it (beyond the noise of the rounds themselves)."""
    redis_rates, local_rates = sorted(redis_rates), sorted(local_rates)
    without = median(local_rates) if local_rates else 0.0
    return {
        "page": page,
        "redis": redis_rates,
        "local": local_rates,
        "ratio": median(redis_rates) / without if redis_rates and without else 0.0,
        "slower": bool(redis_rates and local_rates) and redis_rates[-1] < local_rates[0],
    }


def verdicts(rows, load, comparison=None):
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
    for row in comparison or ():
        found.append((f"uncached {row['page']}: not slower with Redis (× without)", row["ratio"], not row["slower"]))
    return [{"target": target, "value": value, "met": met} for target, value, met in found]


def print_table(report):
    print("Environment:")
    for name, value in report["environment"].items():
        print(f"  {name}: {value}")
    print(f"  filtered listing: {report['filtered practices']} practices match {report['filter']}")
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
    if report.get("redis comparison"):
        print()
        print("Uncached, with Redis and with each worker's own memory cache (req/s of each round, sorted):")
        for row in report["redis comparison"]:
            shown = ", ".join(f"{rate:.1f}" for rate in row["redis"]), ", ".join(f"{r:.1f}" for r in row["local"])
            verdict = "slower with Redis" if row["slower"] else "not slower"
            print(f"  {row['page']:17} Redis {shown[0]:24} without {shown[1]:24} {row['ratio']:.2f}×  {verdict}")
    print()
    print("Targets (issue 14):")
    for verdict in report["targets"]:
        value = verdict["value"]
        ratio = isinstance(value, float) and "×" in verdict["target"]
        shown = f"{value:.4f}×" if ratio else f"{value:.0f}"
        print(f"  {'met    ' if verdict['met'] else 'NOT met'}  {verdict['target']}: {shown}")
