"""Smoke layer vs a bare httpx script doing the same requests, side by side against one demo run.

Both are timed as a user meets them: a fresh interpreter each (pytest start-up included), runs
interleaved so machine load hits both alike; medians reported. The layer runs as the README says,
`pytest -m smoke --base-url=…` (no path: the plugin collects the smoke layer alone). Each latency
(`--latency-ms 0,100`) is a demo whose every response is delayed that long: 100 ms is the round trip
to a CDN edge in another region, where a serial script pays it once per request.
`python -m bench.smoke_bench [--runs N] [--latency-ms 0,100] [--write]`; `--write` updates
`## Smoke` in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.smoke_results import write_block
from selftests.demo_server import running_demo

ROOT = Path(__file__).resolve().parents[1]
TARGET = "targets/demo.toml"
HEADER = (
    "| demo latency | smoke layer, median (runs) | bare script, median (runs) | ratio | fastest/fastest "
    "| layer without prefetch (ratio) | CPU layer / bare | start-up CPU (collect only) | load avg |\n"
    "|---|---|---|---|---|---|---|---|---|"
)
# The layer as it was before the concurrent prefetch (`[access] prefetch_concurrency = 0`), timed in the
# same run: the before/after of issue 14's item 6.
NO_PREFETCH = {"POSTDEPLOY__ACCESS__PREFETCH_CONCURRENCY": "0"}


@dataclass
class Side:
    wall: list[float]
    cpu: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.wall)


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


def measure(latency_ms: int, runs: int) -> tuple[Side, Side, Side, float]:
    """(layer, bare script, layer without prefetch, pytest start-up CPU) against a demo delayed by
    `latency_ms`."""
    layer, bare, serial = Side([], []), Side([], []), Side([], [])
    with running_demo(latency_ms=latency_ms) as demo:
        # As users run it: with bytecode caching (this sandbox sets PYTHONDONTWRITEBYTECODE=1, which
        # makes every run recompile and assertion-rewrite every module of the suite and its plugins).
        env = {k: v for k, v in {**os.environ, **demo.env}.items() if k != "PYTHONDONTWRITEBYTECODE"}
        suite = [sys.executable, "-m", "pytest", "-m", "smoke", f"--base-url={demo.base_url}",
                 f"--target={TARGET}", "-q", "--no-header", "-p", "no:randomly"]  # fmt: skip
        script = [sys.executable, "bench/smoke_bare.py", demo.base_url, TARGET]
        timed(script, env)  # warm the demo, the OS file cache and the bytecode caches once, for both sides
        timed(suite, env)
        for _ in range(runs):
            for side, cmd, extra in ((layer, suite, {}), (bare, script, {}), (serial, suite, NO_PREFETCH)):
                seconds, cpu, code, tail = timed(cmd, {**env, **extra})
                if code != 0:
                    raise SystemExit(f"{cmd[1:3]} failed on the healthy demo (exit {code}):\n{tail}")
                side.wall.append(seconds)
                side.cpu.append(cpu)
        collect = [*suite[:-3], "--collect-only", "-q"]
        startup = statistics.median(timed(collect, env)[1] for _ in range(3))
    return layer, bare, serial, startup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--latency-ms", default="0,100", help="comma-separated response delays of the demo")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    for latency in [int(x) for x in args.latency_ms.split(",")]:
        layer, bare, serial, startup = measure(latency, args.runs)
        load = os.getloadavg()[0]
        cpu_layer, cpu_bare = statistics.median(layer.cpu), statistics.median(bare.cpu)
        cells = [
            f"{latency} ms",
            f"{layer.median:.2f} s ({', '.join(f'{s:.2f}' for s in layer.wall)})",
            f"{bare.median:.2f} s ({', '.join(f'{s:.2f}' for s in bare.wall)})",
            f"**{layer.median / bare.median:.2f}x**",
            f"{min(layer.wall) / min(bare.wall):.2f}x",
            f"{serial.median:.2f} s ({serial.median / bare.median:.2f}x)",
            f"{cpu_layer:.2f} / {cpu_bare:.2f} s",
            f"{startup:.2f} s",
            f"{load:.1f}",
        ]
        row = "| " + " | ".join(cells) + " |"
        print(row, flush=True)
        rows.append(row)
    if args.write:
        write_block(
            "Smoke layer vs bare httpx script",
            f"""`python -m bench.smoke_bench --runs {args.runs} --latency-ms {args.latency_ms} --write`: the README's
command, `pytest -m smoke --base-url=… --target=targets/demo.toml` (pytest start-up included; it collects the
smoke layer alone), against `bench/smoke_bare.py` doing the same HTTP requests serially with httpx,
each in a fresh interpreter with bytecode caching on (one warm-up run each), interleaved, medians.
Each latency is a demo whose every response is delayed that long (`postdeploy demo serve --latency-ms`).
"Layer without prefetch" is the same command with `prefetch_concurrency = 0` (each check fetching as
it runs, as before the concurrent prefetch), timed in the same interleaved rounds.

{HEADER}
{chr(10).join(rows)}
""",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
