"""The regression gate measured on real runs drawn from a recorded pool, beside sitespeed.io's approach.

The pool (`selftests/data/regression/`, recorded by `bench/regression_record.py`) holds real
Lighthouse runs of the demo's pages in blocks of 5, each block against a freshly started demo (one
"deploy"), healthy and with each regression fault, and real Locust smoke runs. A comparison of N
runs takes N/5 consecutive blocks as the baseline and other, later blocks as the current run, so
the two sides are separate deploys measured at separate times, as in CI.

- false positives: healthy against healthy, 20 pairs per run count;
- smallest change detected 9 times in 10: one metric of the current side scaled by (1 + change);
- the real faults: detected, and anything else flagged;
- sitespeed.io's compare plugin on the same pairs: scipy's mannwhitneyu(current, baseline,
  alternative="greater", use_continuity=False, method="auto") per metric, significant at p < 0.05,
  no correction and no minimum change (its defaults), metrics without variability skipped;
- cost: the comparison's own time, and importing scipy.

    .venv/bin/python bench/regression_gate.py [--pairs 20] [--json bench/regression_results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from postdeploy.demo.faults import catalogue
from postdeploy.regression.compare import Comparison, compare
from postdeploy.regression.gate import run_gate
from postdeploy.regression.rules import Change, GateRules, LayerRules
from postdeploy.regression.samples import Samples

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the recorded pool's reader lives in the self-tests
from selftests.regression.pool import BLOCK, Blocks, lighthouse_blocks, load_runs  # noqa: E402

RUN_COUNTS = (5, 10, 20)
CHANGES = (0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.40, 0.50, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 40.0)
SHIFTS_MS = (5.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 75.0, 100.0, 150.0, 200.0)
PERF_METRICS = ("ttfb", "fcp", "lcp", "speed-index")
LOAD_ENDPOINT = "GET /api/listings/[id]"
SITESPEED_METRICS = ("ttfb", "fcp", "lcp", "speed-index", "tbt", "cls", "latency")



def perf_samples(blocks: Blocks, runs: int, paths: Iterable[str] | None = None) -> Samples:
    samples = Samples("perf", "demo", "local", settings={"preset": "desktop", "throttling_method": "devtools"})
    for block in blocks:
        for path, metrics in block.items():
            if paths is not None and path not in paths:
                continue
            for values in metrics:
                if len(samples.scope(path).metrics.get("lcp", [])) < runs:
                    samples.scope(path).add(values)
    return samples


def windows(count: int, size: int) -> list[int]:
    return list(range(0, count - size + 1))


def block_pairs(count: int, size: int, wanted: int, rng: random.Random) -> list[tuple[int, int]]:
    """(baseline start, current start) of disjoint windows of `size` blocks, baseline first."""
    found = [(a, b) for a in windows(count, size) for b in windows(count, size) if b >= a + size]
    rng.shuffle(found)
    return found[:wanted]


def bench_rules(runs: int) -> GateRules:
    # The bench asks what the test can do at each run count, so the gate's own floor is lowered to it.
    return GateRules(perf=LayerRules(min_samples=runs))


def sitespeed_flags(base: Samples, current: Samples) -> list[str]:
    from scipy.stats import mannwhitneyu

    flagged = []
    for name, scope in current.scopes.items():
        before = base.scopes.get(name)
        for key in SITESPEED_METRICS:
            if before is None or key not in scope.metrics or key not in before.metrics:
                continue
            x, y = scope.metrics[key], before.metrics[key]
            if len(set(x)) < 2 or len(set(y)) < 2:
                continue  # "No variability": sitespeed.io reports N/A
            p = mannwhitneyu(x, y, alternative="greater", use_continuity=False, method="auto").pvalue
            if p < 0.05:
                flagged.append(f"{key} {'of' if base.layer == 'load' else 'on'} {name}")
    return flagged


def ours(comparison: Comparison) -> list[str]:
    return [f"{r.metric.key} {'of' if comparison.layer == 'load' else 'on'} {r.scope}" for r in comparison.regressions]


def scaled(samples: Samples, path: str, key: str, factor: float, add: float = 0.0) -> Samples:
    copy = Samples.from_json(samples.to_json())
    copy.scopes[path].metrics[key] = [v * factor + add for v in copy.scopes[path].metrics[key]]
    return copy


def false_positives(blocks: Blocks, runs: int, pairs: int, seed: int) -> dict[str, Any]:
    size = runs // BLOCK
    chosen = block_pairs(len(blocks), size, pairs, random.Random(seed))
    ours_flagged, theirs_flagged, details = 0, 0, []
    for a, b in chosen:
        base, current = perf_samples(blocks[a : a + size], runs), perf_samples(blocks[b : b + size], runs)
        mine, theirs = ours(compare(base, current, bench_rules(runs))), sitespeed_flags(base, current)
        ours_flagged += bool(mine)
        theirs_flagged += bool(theirs)
        details.append({"blocks": [a, b], "ours": mine, "sitespeed": theirs})
    return {"runs": runs, "pairs": len(chosen), "ours": ours_flagged, "sitespeed": theirs_flagged, "details": details}


def random_split_false_positives(blocks: Blocks, runs: int, pairs: int, seed: int) -> dict[str, Any]:
    """The same, with both sides drawn at random from all healthy runs (no deploy-to-deploy drift):
    what the test alone does when its assumption (exchangeable runs) holds."""
    rng = random.Random(seed)
    pool = {path: [m for block in blocks for m in block.get(path, [])] for path in ("/", "/browse")}
    if min(len(found) for found in pool.values()) < 2 * runs:
        return {"runs": runs, "pairs": 0, "ours": 0, "sitespeed": 0}
    ours_flagged, theirs_flagged = 0, 0
    for _ in range(pairs):
        sides = [Samples("perf", "demo", "local", settings={"preset": "desktop"}) for _ in range(2)]
        for path, runs_of_path in pool.items():
            drawn = rng.sample(runs_of_path, 2 * runs)
            for index, metrics in enumerate(drawn):
                sides[index // runs].scope(path).add(metrics)
        ours_flagged += bool(ours(compare(sides[0], sides[1], bench_rules(runs))))
        theirs_flagged += bool(sitespeed_flags(sides[0], sides[1]))
    return {"runs": runs, "pairs": pairs, "ours": ours_flagged, "sitespeed": theirs_flagged}


def smallest_change(
    pairs_of: Callable[[], list[tuple[Samples, Samples]]], scope: str, key: str, rules: GateRules
) -> dict[str, Any]:
    """The smallest change of `key` on `scope` that ours and sitespeed.io each flag in ≥ 9 of 10 pairs:
    the current side scaled by (1 + change), or for TTFB (a server time of a few ms here, where a
    relative change means little) shifted by `change` ms."""
    pairs = pairs_of()
    additive = key == "ttfb"
    found: dict[str, Any] = {"ours": None, "sitespeed": None, "pairs": len(pairs)}
    label = f"{key} {'of' if pairs and pairs[0][0].layer == 'load' else 'on'} {scope}"
    base_median = statistics.median(v for base, _ in pairs for v in base.scopes[scope].metrics[key])
    found["base_median"] = base_median
    for change in SHIFTS_MS if additive else CHANGES:
        hits = {"ours": 0, "sitespeed": 0}
        for base, current in pairs:
            current = scaled(current, scope, key, 1.0, change) if additive else scaled(current, scope, key, 1 + change)
            hits["ours"] += label in ours(compare(base, current, rules))
            hits["sitespeed"] += label in sitespeed_flags(base, current)
        for who in hits:
            if found[who] is None and hits[who] >= 0.9 * len(pairs):
                found[who] = change
        if found["ours"] is not None and found["sitespeed"] is not None:
            break
    return found


def block_window_pairs(healthy: Blocks, runs: int, pairs: int, seed: int) -> list[tuple[Samples, Samples]]:
    size = runs // BLOCK
    chosen = block_pairs(len(healthy), size, pairs, random.Random(seed + runs))
    return [(perf_samples(healthy[a : a + size], runs, ["/"]), perf_samples(healthy[b : b + size], runs, ["/"]))
            for a, b in chosen]  # fmt: skip


def random_pairs(healthy: Blocks, runs: int, pairs: int, seed: int) -> list[tuple[Samples, Samples]]:
    rng = random.Random(seed + runs)
    pool = [m for block in healthy for m in block.get("/", [])]
    found: list[tuple[Samples, Samples]] = []
    if len(pool) < 2 * runs:
        return found
    for _ in range(pairs):
        drawn = rng.sample(pool, 2 * runs)
        sides = [Samples("perf", "demo", "local") for _ in range(2)]
        for index, metrics in enumerate(drawn):
            sides[index // runs].scope("/").add(metrics)
        found.append((sides[0], sides[1]))
    return found


def perf_detection(blocks: dict[str, Blocks], pairs: int, seed: int, draw: str = "blocks") -> dict[str, Any]:
    """Smallest change of each timing on / detected 9 times in 10, per run count; `draw` = blocks (each
    side a separate deploy) or random (runs drawn from the whole pool: no deploy-to-deploy drift)."""
    healthy = blocks["healthy"]
    results: dict[str, Any] = {}
    for runs in RUN_COUNTS:
        make = block_window_pairs if draw == "blocks" else random_pairs
        found = make(healthy, runs, pairs, seed)
        if not found:
            continue
        results[str(runs)] = {
            key: smallest_change(lambda f=found: f, "/", key, bench_rules(runs)) for key in PERF_METRICS
        }
    return results


def perf_faults(blocks: dict[str, Blocks], pairs: int, seed: int) -> dict[str, Any]:
    """Healthy baseline windows against the fault's windows: caught, and what else was flagged."""
    faults = catalogue()
    healthy = blocks["healthy"]
    results: dict[str, Any] = {}
    for name, fault_blocks in blocks.items():
        if name == "healthy":
            continue
        fault = faults[name]
        expected = {fault.check, *fault.also}
        for runs in RUN_COUNTS:
            size = runs // BLOCK
            if len(fault_blocks) < size or len(healthy) < size:
                continue
            rng = random.Random(seed + runs)
            tally = {"pairs": 0, "caught": 0, "other": 0, "sitespeed_caught": 0, "sitespeed_other": 0, "others": []}
            for _ in range(pairs):
                a = rng.randrange(len(healthy) - size + 1)
                b = rng.randrange(len(fault_blocks) - size + 1)
                base = perf_samples(healthy[a : a + size], runs, ["/"])
                current = perf_samples(fault_blocks[b : b + size], runs, ["/"])
                comparison = compare(base, current, bench_rules(runs))
                subjects = {r.subject("perf") for r in comparison.regressions}
                tally["pairs"] += 1
                tally["caught"] += fault.check in subjects
                others = sorted(subjects - expected)
                tally["other"] += bool(others)
                tally["others"] += others
                theirs = sitespeed_flags(base, current)
                tally["sitespeed_caught"] += any(_same(fault.check, t) for t in theirs)
                tally["sitespeed_other"] += any(not any(_same(e, t) for e in expected) for t in theirs)
            tally["others"] = sorted(set(tally["others"]))
            results[f"{name} at {runs}"] = tally
    return results


LABEL_TO_KEY = {"TTFB": "ttfb", "FCP": "fcp", "LCP": "lcp", "Speed Index": "speed-index", "TBT": "tbt", "CLS": "cls",
                "latency": "latency"}  # fmt: skip


def _same(subject: str, flagged: str) -> bool:
    """Does sitespeed's `key on /` name the catalogue's `LCP on /`?"""
    for label, key in LABEL_TO_KEY.items():
        for word in (" on ", " of "):
            if subject.startswith(label + word) and flagged == key + word + subject[len(label + word) :]:
                return True
    return False


def load_bench(runs: dict[str, list[Samples]], pairs: int, seed: int) -> dict[str, Any]:
    healthy = runs["healthy"]
    rules = GateRules()
    rng = random.Random(seed)
    chosen = [(a, b) for a in range(len(healthy)) for b in range(len(healthy)) if b > a]
    rng.shuffle(chosen)
    chosen = chosen[:pairs]
    fp = {"pairs": len(chosen), "ours": 0, "sitespeed": 0, "details": []}
    for a, b in chosen:
        mine, theirs = ours(compare(healthy[a], healthy[b], rules)), sitespeed_flags(healthy[a], healthy[b])
        fp["ours"] += bool(mine)
        fp["sitespeed"] += bool(theirs)
        fp["details"].append({"runs": [a, b], "ours": mine, "sitespeed": theirs})
    ten = chosen[:10]
    change = smallest_change(lambda: [(healthy[a], healthy[b]) for a, b in ten], LOAD_ENDPOINT, "latency", rules)
    # The same without a minimum practical change: what the statistics alone can see in one smoke run.
    no_floor = GateRules(load=rules.load.model_copy(update={"timing": Change()}))
    change["ours_without_minimum"] = smallest_change(
        lambda: [(healthy[a], healthy[b]) for a, b in ten], LOAD_ENDPOINT, "latency", no_floor
    )["ours"]
    fault = catalogue()["slower-listing-api"]
    caught = {"pairs": 0, "caught": 0, "other": 0, "sitespeed_caught": 0, "sitespeed_other": 0, "others": []}
    for index, current in enumerate(runs.get("slower-listing-api", [])):
        base = healthy[index % len(healthy)]
        subjects = {r.subject("load") for r in compare(base, current, rules).regressions}
        caught["pairs"] += 1
        caught["caught"] += fault.check in subjects
        caught["other"] += bool(subjects - {fault.check})
        caught["others"] += sorted(subjects - {fault.check})
        theirs = sitespeed_flags(base, current)
        caught["sitespeed_caught"] += f"latency of {LOAD_ENDPOINT}" in theirs
        caught["sitespeed_other"] += any(t != f"latency of {LOAD_ENDPOINT}" for t in theirs)
    caught["others"] = sorted(set(caught["others"]))
    return {"false_positives": fp, "smallest_change": change, "fault": caught}


def _child_seconds(code: str) -> tuple[float, float]:
    """Wall and CPU seconds of a fresh interpreter running `code`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", code], check=True)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cost(blocks: dict[str, Blocks], runs: dict[str, list[Samples]]) -> dict[str, float]:
    """Seconds the gate adds to a layer run: importing scipy (fresh interpreter, minus a bare one),
    the comparison itself, and the whole gate with its files (median of 5 each)."""
    imports = [_child_seconds("import scipy.stats") for _ in range(3)]
    bare = [_child_seconds("pass") for _ in range(3)]
    healthy = blocks["healthy"]
    base, current = perf_samples(healthy[0:2], 10), perf_samples(healthy[2:4], 10)
    timings: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        for index in range(5):
            for layer, (before, after) in (
                ("perf", (base, current)),
                ("load", (runs["healthy"][0], runs["healthy"][1])),
            ):
                started = time.perf_counter()
                compare(before, after, GateRules())
                timings[f"{layer}_compare_s"].append(time.perf_counter() - started)
                folder = Path(tmp) / str(index) / layer
                run_gate(before, folder / "b", GateRules(), "warn", folder / "r")
                started = time.perf_counter()
                run_gate(after, folder / "b", GateRules(), "warn", folder / "r")
                timings[f"{layer}_gate_s"].append(time.perf_counter() - started)
    found = {key: statistics.median(values) for key, values in timings.items()}
    found["scipy_import_wall_s"] = statistics.median(w for w, _ in imports) - statistics.median(w for w, _ in bare)
    found["scipy_import_cpu_s"] = statistics.median(c for _, c in imports) - statistics.median(c for _, c in bare)
    found["load_average"] = os.getloadavg()[0]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=20, help="healthy pairs for the false-positive rate")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--json", default=str(ROOT / "bench" / "regression_results.json"))
    args = parser.parse_args()
    blocks, runs = lighthouse_blocks(), load_runs()
    pool = {config: {"blocks": len(b), "runs": {p: sum(len(x.get(p, [])) for x in b) for p in ("/", "/browse")}}
            for config, b in blocks.items()}  # fmt: skip
    pool["load"] = {config: len(found) for config, found in runs.items()}  # type: ignore[assignment]
    print("pool:", json.dumps(pool))
    results: dict[str, Any] = {"pool": pool}
    results["false_positives"] = [
        false_positives(blocks["healthy"], n, args.pairs, args.seed + n)
        for n in RUN_COUNTS
        if len(blocks["healthy"]) >= 2 * n // BLOCK
    ]
    for fp in results["false_positives"]:
        print(f"healthy vs healthy, {fp['runs']} runs: {fp['pairs']} pairs, ours flagged {fp['ours']}, "
              f"sitespeed.io {fp['sitespeed']}")  # fmt: skip
    results["random_split"] = [random_split_false_positives(blocks["healthy"], n, args.pairs, args.seed + n)
                               for n in RUN_COUNTS]  # fmt: skip
    for fp in results["random_split"]:
        print(f"healthy random split, {fp['runs']} runs: {fp['pairs']} pairs, ours flagged {fp['ours']}, "
              f"sitespeed.io {fp['sitespeed']}")  # fmt: skip
    for draw in ("blocks", "random"):
        results[f"smallest_change_{draw}"] = perf_detection(blocks, 10, args.seed, draw)
        for n, per_metric in results[f"smallest_change_{draw}"].items():
            for key, found in per_metric.items():
                print(f"smallest change 9/10 ({draw}), {n} runs, {key} on / (median {found['base_median']:.0f} ms): "
                      f"ours {found['ours']}, sitespeed.io {found['sitespeed']}")  # fmt: skip
    results["faults"] = perf_faults(blocks, 10, args.seed)
    for name, tally in results["faults"].items():
        print(f"{name}: {json.dumps(tally)}")
    if runs.get("healthy"):
        results["load"] = load_bench(runs, args.pairs, args.seed)
        print("load:", json.dumps({k: v for k, v in results["load"].items() if k != "false_positives"}))
        fp = results["load"]["false_positives"]
        print(f"load healthy vs healthy: {fp['pairs']} pairs, ours {fp['ours']}, sitespeed.io {fp['sitespeed']}")
    results["cost"] = cost(blocks, runs)
    print("cost:", json.dumps(results["cost"]))
    Path(args.json).write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
