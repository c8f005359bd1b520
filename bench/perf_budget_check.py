"""Budget checking speed: the shipped budgets over 100 saved Lighthouse results (pure Python, no browser).

Uses full-size results from a perf run when given (`--lhr reports/lighthouse`), else the trimmed
fixtures; loading (JSON parsing) and checking are timed apart.

    .venv/bin/python bench/perf_budget_check.py [--lhr DIR] [--count 100] [--repeat 5]
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import time
from pathlib import Path

from postdeploy.budgets import assert_lhrs, combined_options, load_assertions, load_budgets
from postdeploy.budgets.lhr import find_lhr_files

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lhr", type=Path, default=ROOT / "selftests" / "data" / "lhr" / "healthy")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    files = find_lhr_files(args.lhr)
    texts = [files[i % len(files)].read_text(encoding="utf-8") for i in range(args.count)]
    started = time.perf_counter()
    lhrs = [json.loads(text) for text in texts]
    load_ms = (time.perf_counter() - started) * 1000
    # Ten URLs with ten runs each: a realistic spread for grouping and aggregation.
    for n, lhr in enumerate(lhrs):
        lhr["finalUrl"] = lhr["finalUrl"].rstrip("/") + f"/page-{n % 10}"
    lhrs = [copy.deepcopy(lhr) for lhr in lhrs]
    options = combined_options(
        load_budgets(ROOT / "budgets" / "lighthouse.json"),
        load_assertions(ROOT / "budgets" / "lighthouse-assertions.json"),
    )
    timings, count = [], 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        results = [r for opts in options for r in assert_lhrs(opts, lhrs, include_passed=True)]
        timings.append((time.perf_counter() - started) * 1000)
        count = len(results)
    size_kb = sum(len(t) for t in texts) / len(texts) / 1024
    print(f"{args.count} results ({size_kb:.0f} KiB each, {len({lhr['finalUrl'] for lhr in lhrs})} URLs): "
          f"JSON load {load_ms:.1f} ms; checking {count} assertions: median {statistics.median(timings):.1f} ms "
          f"(min {min(timings):.1f}, max {max(timings):.1f}) over {args.repeat} repeats")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
