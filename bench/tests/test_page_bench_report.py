"""What page_bench judges: a page is slower with Redis only beyond the noise of its rounds."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from page_bench_report import redis_row, verdicts  # noqa: E402  (bench/, put on the path above)

LOAD = {"errors": 0, "p95_ms": 500.0}


def rows(**ratios):
    found = [{"mode": "uncached", "page": page, "ratio": ratio} for page, ratio in ratios.items()]
    return found + [{"mode": "cached", "page": "home", "ratio": 0.6, "ratio_to_uncached_bare": 0.55}]


def test_redis_is_slower_only_when_every_round_is_below_every_round_without_it():
    assert redis_row("home", [20.0, 21.0, 19.0], [22.0, 23.0, 22.5])["slower"]
    overlapping = redis_row("home", [20.0, 22.6, 19.0], [22.0, 23.0, 22.5])
    assert not overlapping["slower"]
    assert overlapping["ratio"] == 20.0 / 22.5  # medians
    assert overlapping["redis"] == [19.0, 20.0, 22.6]  # sorted
    assert not redis_row("home", [], [22.0])["slower"]


def test_verdicts_name_each_target_and_the_redis_comparison():
    comparison = [redis_row("home", [10.0], [12.0]), redis_row("practice", [12.0], [11.0])]
    found = verdicts(rows(practice=0.06, **{"filtered listing": 0.02}), LOAD, comparison)
    met = {verdict["target"]: verdict["met"] for verdict in found}
    assert met["uncached practice ≥ 0.05× bare"]
    assert not met["uncached filtered listing ≥ 0.03× bare"]
    assert met["cached home ≥ 0.5× bare"]
    assert not met["uncached home: not slower with Redis (× without)"]
    assert met["uncached practice: not slower with Redis (× without)"]
    assert met["load run: 0 errors"] and met["load run: p95 < 1 s"]
