"""Smoke layer vs a bare httpx script doing the same requests, side by side against one demo run.

Both are timed as a user meets them: a fresh interpreter each (pytest start-up included), runs
interleaved so machine load hits both alike; medians reported.
`python -m bench.smoke_bench [--runs N] [--write]`; `--write` updates `## Smoke` in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.smoke_results import write_block
from selftests.demo_server import running_demo

ROOT = Path(__file__).resolve().parents[1]
TARGET = "targets/demo.toml"


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds of the child, exit code, output tail). CPU time is reported too
    because on a shared machine wall time mostly measures the neighbours."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode, proc.stdout[-400:] + proc.stderr[-400:]


def startup_cpu(env: dict[str, str]) -> float:
    cmd = [sys.executable, "-m", "pytest", "tests/smoke", "-m", "smoke", "--collect-only", "-q",
           "--base-url=http://127.0.0.1:9", f"--target={TARGET}"]  # fmt: skip
    return statistics.median(timed(cmd, env)[1] for _ in range(3))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    layer: list[float] = []
    bare: list[float] = []
    layer_cpu: list[float] = []
    bare_cpu: list[float] = []
    with running_demo() as demo:
        # As users run it: with bytecode caching (this sandbox sets PYTHONDONTWRITEBYTECODE=1, which
        # makes every run recompile and assertion-rewrite every module of the suite and its plugins).
        env = {k: v for k, v in {**os.environ, **demo.env}.items() if k != "PYTHONDONTWRITEBYTECODE"}
        suite = [sys.executable, "-m", "pytest", "tests/smoke", "-m", "smoke", f"--base-url={demo.base_url}",
                 f"--target={TARGET}", "-q", "--no-header", "-p", "no:randomly"]  # fmt: skip
        script = [sys.executable, "bench/smoke_bare.py", demo.base_url, TARGET]
        timed(script, env)  # warm the demo, the OS file cache and the bytecode caches once, for both sides
        timed(suite, env)
        for _ in range(args.runs):
            seconds, cpu, code, tail = timed(suite, env)
            if code != 0:
                print(f"smoke layer failed on the healthy demo (exit {code}):\n{tail}", file=sys.stderr)
                return 1
            layer.append(seconds)
            layer_cpu.append(cpu)
            seconds, cpu, code, tail = timed(script, env)
            if code != 0:
                print(f"bare script failed (exit {code}):\n{tail}", file=sys.stderr)
                return 1
            bare.append(seconds)
            bare_cpu.append(cpu)
    load = os.getloadavg()[0]
    med_layer, med_bare = statistics.median(layer), statistics.median(bare)
    ratio = med_layer / med_bare
    cpu_layer, cpu_bare = statistics.median(layer_cpu), statistics.median(bare_cpu)
    # The fastest run is the least disturbed by the neighbours: on a shared machine, the best estimate.
    best_layer, best_bare = min(layer), min(bare)
    startup = startup_cpu(env)
    own = f"{cpu_layer - startup:.2f} s CPU" if cpu_layer - startup >= 0.05 else "within the noise of these runs"
    print(f"smoke layer (pytest, start-up included): median {med_layer:.2f} s  runs {[round(s, 2) for s in layer]}")
    print(f"bare httpx script (same requests):       median {med_bare:.2f} s  runs {[round(s, 2) for s in bare]}")
    print(
        f"ratio layer/bare: {ratio:.2f}x (goal < 1.5x); layer wall {med_layer:.2f} s (goal < 3 s); load avg {load:.1f}"
    )
    print(f"fastest runs: layer {best_layer:.2f} s, bare {best_bare:.2f} s, ratio {best_layer / best_bare:.2f}x")
    print(
        f"CPU: layer {cpu_layer:.2f} s, bare {cpu_bare:.2f} s, ratio {cpu_layer / cpu_bare:.2f}x; "
        f"pytest start-up alone (collect only): {startup:.2f} s CPU"
    )
    if args.write:
        write_block(
            "Smoke layer vs bare httpx script",
            f"""`python -m bench.smoke_bench --runs {args.runs} --write` — the whole smoke layer against the healthy
demo (`pytest tests/smoke -m smoke`, pytest start-up included) vs `bench/smoke_bare.py` doing the same
HTTP requests with httpx, each in a fresh interpreter with bytecode caching on (one warm-up run
each), interleaved, medians. 1-minute load average
during the run: {load:.1f} on 2 cores (the machine is shared).

| | median wall | runs |
|---|---|---|
| smoke layer (pytest) | {med_layer:.2f} s | {", ".join(f"{s:.2f}" for s in layer)} |
| bare httpx script | {med_bare:.2f} s | {", ".join(f"{s:.2f}" for s in bare)} |
| **ratio** | **{ratio:.2f}x** | goal < 1.5x; layer goal < 3 s |

Fastest run of each (least disturbed by the neighbours): layer {best_layer:.2f} s, bare {best_bare:.2f} s,
ratio {best_layer / best_bare:.2f}x.

| CPU time (user+sys, median) | layer {cpu_layer:.2f} s | bare {cpu_bare:.2f} s | ratio {cpu_layer / cpu_bare:.2f}x |
|---|---|---|---|

pytest start-up alone (`--collect-only`, same plugins): {startup:.2f} s CPU, already {startup / cpu_bare:.1f}x the
whole bare script; the smoke tests themselves cost the difference ({own}). Disabling the
third-party plugins (`-p no:playwright -p no:xdist -p no:rerunfailures`) saves nothing measurable;
`import pytest` alone is ~0.2 s and importing the suite's plugin (pydantic, httpx, every layer's
wiring) ~0.3 s. So the 1.5x goal is out of reach for any pytest-based run against a target this
fast (the demo answers in ~2 ms); the < 3 s wall goal holds whenever the machine is not saturated.
Demo fix found by this bench: the demo's sockets lacked TCP_NODELAY, so every keep-alive response
stalled ~44 ms (Nagle + delayed ACK); with it fixed a response takes ~2 ms.""",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
