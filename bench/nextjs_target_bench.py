"""What the Next.js reference target costs a CI run: npm ci, a cold `next build`, the cached no-op
build, and `next start` (with the Stripe-like server) to the first answer, beside the demo's start.

    .venv/bin/python bench/nextjs_target_bench.py [--starts 3] [--skip-cold]
    .venv/bin/python bench/nextjs_target_bench.py --variants webpack,turbopack,turbopack-notc [--starts 2]

--skip-cold keeps the current build (times only the cached path and the starts). --variants compares
build variants side by side in one run (cold build wall and CPU, then `next start`), with ratios to the
first one; a variant's config change is applied to a temporary next.config.js that wraps the app's
own, restored afterwards (the next build_nextjs() then rebuilds the app as committed). Prints a
table; the figures go to bench/RESULTS.md by hand.
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
from selftests.nextjs_target import APP_DIR, STAMP, build_nextjs, running_nextjs, source_digest  # noqa: E402


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


# name -> (extra `next build` arguments, config overrides merged over the app's next.config.js)
# Each sets the type check explicitly, so a variant means the same whatever next.config.js says.
TC, NO_TC = "typescript: { ignoreBuildErrors: false }", "typescript: { ignoreBuildErrors: true }"
VARIANTS: dict[str, tuple[list[str], str]] = {
    "webpack": ([], TC),  # the build before issue 12: webpack, type check in the build
    "webpack-notc": ([], NO_TC),
    "webpack-cpus1": ([], f"{TC}, experimental: {{ ...base.experimental, cpus: 1 }}"),
    "turbopack": (["--turbopack"], TC),
    "turbopack-notc": (["--turbopack"], NO_TC),
    "as-committed": ([], ""),  # whatever build_nextjs() runs (its own arguments, the real config)
}


def npm_ci_variants() -> list[tuple[str, str]]:
    rows = []
    for name, extra in (("npm ci --no-audit --no-fund", []), ("npm ci --prefer-offline", ["--prefer-offline"])):
        with tempfile.TemporaryDirectory(prefix="loomhall-npm-") as scratch:
            for file in ("package.json", "package-lock.json"):
                shutil.copy(APP_DIR / file, scratch)
            cpu, started = children_cpu(), time.monotonic()
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", *extra], cwd=scratch,
                           check=True, capture_output=True)  # fmt: skip
            rows.append((name, f"{time.monotonic() - started:.1f} s wall, {children_cpu() - cpu:.1f} s CPU"))
    return rows


def variant_build(name: str) -> tuple[float, float]:
    """(wall, CPU) of a cold build of one variant; leaves that build in .next with a matching stamp."""
    args, override = VARIANTS[name]
    config, base = APP_DIR / "next.config.js", APP_DIR / "next.config.base.js"
    shutil.rmtree(APP_DIR / ".next", ignore_errors=True)
    STAMP.unlink(missing_ok=True)
    if name == "as-committed":
        cpu = children_cpu()
        result = build_nextjs(force=True)
        return result.seconds, children_cpu() - cpu
    shutil.move(config, base)
    try:
        wrapper = f"const base = require('./next.config.base.js')\nmodule.exports = {{ ...base, {override} }}\n"
        config.write_text(wrapper)
        env = {**os.environ, "NEXT_TELEMETRY_DISABLED": "1"}
        cpu, started = children_cpu(), time.monotonic()
        subprocess.run(["node", "node_modules/next/dist/bin/next", "build", *args], cwd=APP_DIR, env=env,
                       check=True, capture_output=True)  # fmt: skip
        wall = time.monotonic() - started
    finally:
        shutil.move(base, config)
    STAMP.write_text(source_digest())  # so running_nextjs() serves this build instead of rebuilding
    return wall, children_cpu() - cpu


def compare_variants(names: list[str], count: int) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    figures: dict[str, tuple[float, float, float]] = {}
    for name in names:
        wall, cpu = variant_build(name)
        nextjs = []
        for _ in range(count):
            with running_nextjs() as app:
                nextjs.append(app.ready_s)
        start = sorted(nextjs)[len(nextjs) // 2]
        figures[name] = (wall, cpu, start)
        print(f"  {name}: {wall:.1f} s wall, {cpu:.1f} s CPU, start {start:.1f} s (load {os.getloadavg()[0]:.1f})")
    base_wall, base_cpu, _ = figures[names[0]]
    for name, (wall, cpu, start) in figures.items():
        rows.append((f"{name}: cold build", f"{wall:.1f} s wall ({wall / base_wall:.2f}x), "
                     f"{cpu:.1f} s CPU ({cpu / base_cpu:.2f}x); start {start:.1f} s"))  # fmt: skip
    return rows


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
    parser.add_argument("--variants", help=f"comma-separated, first is the baseline: {', '.join(VARIANTS)}")
    parser.add_argument("--npm", action="store_true", help="with --variants: npm ci with and without --prefer-offline")
    args = parser.parse_args()
    os.environ.setdefault("NEXT_TELEMETRY_DISABLED", "1")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    rows: list[tuple[str, str]] = []
    if args.variants:
        names = [name.strip() for name in args.variants.split(",") if name.strip()]
        unknown = [name for name in names if name not in VARIANTS]
        if unknown or not names:
            print(f"unknown variant(s) {', '.join(unknown) or '(none given)'}; known: {', '.join(VARIANTS)}")
            return 2
        rows += npm_ci_variants() if args.npm else []
        rows += compare_variants(names, args.starts)
    elif not args.skip_cold:
        rows.append(("npm ci (clean folder, warm npm cache)", f"{npm_ci_seconds():.1f} s"))
        wall, cpu = cold_build()
        rows.append(("next build, cold (no .next)", f"{wall:.1f} s wall, {cpu:.1f} s CPU"))
    if args.variants:
        return print_rows(rows)
    cached = build_nextjs()
    rows.append(("build_nextjs() unchanged (stamp hit)", f"{cached.seconds * 1000:.0f} ms"))
    nextjs, demo = starts(args.starts)
    best, median = min(nextjs), sorted(nextjs)[len(nextjs) // 2]
    rows.append((f"next start + Stripe-like server to first answer (median of {len(nextjs)})", f"{median:.1f} s"))
    rows.append(("demo start to ready line (baseline, median)", f"{sorted(demo)[len(demo) // 2]:.1f} s"))
    rows.append(("ratio Next.js / demo start (medians)", f"{median / max(sorted(demo)[len(demo) // 2], 1e-3):.1f}x"))
    rows.append(("fastest Next.js start", f"{best:.1f} s"))
    return print_rows(rows)


def print_rows(rows: list[tuple[str, str]]) -> int:
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
