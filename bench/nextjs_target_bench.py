"""What the Next.js reference target costs a CI run: npm ci, a cold `next build`, the cached no-op
build, and `next start` (with the Stripe-like server) to the first answer, beside the demo's start.

    .venv/bin/python bench/nextjs_target_bench.py [--starts 3] [--skip-cold]

--skip-cold keeps the current build (times only the cached path and the starts). Prints a table;
the figures go to bench/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from postdeploy.demo.launch import running_demo  # noqa: E402
from selftests.nextjs_target import APP_DIR, STAMP, build_nextjs, running_nextjs  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def npm_ci_seconds() -> float:
    """A clean `npm ci` of the app's lock file in a scratch folder (npm's download cache as it is)."""
    with tempfile.TemporaryDirectory(prefix="loomhall-npm-") as scratch:
        for name in ("package.json", "package-lock.json"):
            shutil.copy(APP_DIR / name, scratch)
        started = time.monotonic()
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=scratch, check=True,
                       capture_output=True)  # fmt: skip
        return time.monotonic() - started


def cold_build() -> tuple[float, float]:
    """(wall, CPU) seconds of `next build` with no .next folder at all (no webpack cache)."""
    shutil.rmtree(APP_DIR / ".next", ignore_errors=True)
    STAMP.unlink(missing_ok=True)
    cpu = children_cpu()
    result = build_nextjs(force=True)
    return result.seconds, children_cpu() - cpu


def starts(count: int) -> tuple[list[float], list[float]]:
    nextjs, demo = [], []
    for _ in range(count):
        with running_nextjs() as app:
            nextjs.append(app.ready_s)
        started = time.monotonic()
        with running_demo():
            demo.append(time.monotonic() - started)
    return nextjs, demo


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--skip-cold", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("NEXT_TELEMETRY_DISABLED", "1")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    rows: list[tuple[str, str]] = []
    if not args.skip_cold:
        rows.append(("npm ci (clean folder, warm npm cache)", f"{npm_ci_seconds():.1f} s"))
        wall, cpu = cold_build()
        rows.append(("next build, cold (no .next)", f"{wall:.1f} s wall, {cpu:.1f} s CPU"))
    cached = build_nextjs()
    rows.append(("build_nextjs() unchanged (stamp hit)", f"{cached.seconds * 1000:.0f} ms"))
    nextjs, demo = starts(args.starts)
    best, median = min(nextjs), sorted(nextjs)[len(nextjs) // 2]
    rows.append((f"next start + Stripe-like server to first answer (median of {len(nextjs)})", f"{median:.1f} s"))
    rows.append(("demo start to ready line (baseline, median)", f"{sorted(demo)[len(demo) // 2]:.1f} s"))
    rows.append(("ratio Next.js / demo start (medians)", f"{median / max(sorted(demo)[len(demo) // 2], 1e-3):.1f}x"))
    rows.append(("fastest Next.js start", f"{best:.1f} s"))
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
