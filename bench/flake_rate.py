"""Flake rate: run the smoke, security and e2e layers against the healthy demo N times in a row and
report every failure (goal: zero) and the spread of wall times per layer.

    .venv/bin/python bench/flake_rate.py --runs 20 [--layers smoke,security,e2e]

One demo per repetition (a fresh database, like a fresh deploy); each layer is a real pytest process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from postdeploy.demo.launch import running_demo  # noqa: E402


def run_layer(layer: str, base_url: str, env: dict[str, str]) -> tuple[int, float, list[str]]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", f"tests/{layer}", "-m", layer, f"--base-url={base_url}",
         "--target=targets/demo.toml", "-q", "--no-header", "-p", "no:randomly"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    failed = [line for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return proc.returncode, time.monotonic() - started, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--layers", default="smoke,security,e2e")
    parser.add_argument("--json", type=Path, help="write the raw figures here")
    args = parser.parse_args()
    layers = args.layers.split(",")
    times: dict[str, list[float]] = {layer: [] for layer in layers}
    failures: list[str] = []
    for run in range(1, args.runs + 1):
        with running_demo() as demo:
            env = {**os.environ, **demo.env, "COLUMNS": "300"}
            for layer in layers:
                code, seconds, failed = run_layer(layer, demo.base_url, env)
                times[layer].append(seconds)
                if code != 0:
                    failures += [f"run {run} {layer}: {line}" for line in failed or [f"exit {code}"]]
        print(f"run {run:>2}/{args.runs}: " + "  ".join(f"{k} {v[-1]:.1f}s" for k, v in times.items()), flush=True)
    print(f"\n{args.runs} runs x {len(layers)} layers: {len(failures)} failure(s)")
    for line in failures:
        print("  " + line)
    print(f"\n{'layer':<9} {'min':>6} {'median':>7} {'p90':>6} {'max':>6}  (wall seconds, pytest start-up included)")
    for layer, values in times.items():
        ordered = sorted(values)
        p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
        print(f"{layer:<9} {ordered[0]:6.1f} {statistics.median(ordered):7.1f} {p90:6.1f} {ordered[-1]:6.1f}")
    if args.json:
        args.json.write_text(json.dumps({"runs": args.runs, "failures": failures, "times": times}, indent=1))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
