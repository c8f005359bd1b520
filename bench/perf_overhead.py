"""Perf layer wall time against the raw Lighthouse CLI doing the same runs on the healthy demo.

Raw: `lighthouse <url>` with the layer's own flags, run after run, timed end to end.
Layer: `pytest tests/perf -m perf` on the same URLs and run count (pytest start-up, warm-up GET,
budget checks and Allure results included). The two alternate so machine load drifts evenly.

    .venv/bin/python bench/perf_overhead.py [--urls / /browse] [--runs 1] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from postdeploy.lighthouse import RunSettings, find_lighthouse, lighthouse_command
from postdeploy.plugins.perf import build_plan, full_url
from postdeploy.profile import load_profile

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "targets" / "demo.toml"


def raw_lighthouse(base_url: str, urls: list[str], runs: int, out: Path) -> float:
    profile = load_profile(TARGET, env={})
    settings = RunSettings(
        chrome_path="/usr/bin/chromium",
        preset=profile.perf.preset,
        throttling_method=profile.perf.throttling_method,
        categories=build_plan(profile, base_url, ROOT).categories,
        timeout_s=profile.perf.timeout_s,
    )
    exe = find_lighthouse(os.environ, ROOT)
    env = {**os.environ, "CHROME_PATH": settings.chrome_path}
    started = time.monotonic()
    for path in urls:
        for n in range(runs):
            cmd = lighthouse_command(exe, full_url(base_url, path), settings, out / f"raw-{n}")
            subprocess.run(cmd, env=env, capture_output=True, check=True, timeout=300)
    return time.monotonic() - started


def perf_layer(base_url: str, demo_env: dict[str, str], urls: list[str], runs: int, out: Path) -> float:
    cmd = [sys.executable, "-m", "pytest", "tests/perf", "-m", "perf", f"--base-url={base_url}", f"--target={TARGET}",
           "-q", "--no-header", "-p", "no:randomly", f"--alluredir={out / 'allure'}"]  # fmt: skip
    env = {**os.environ, **demo_env, "POSTDEPLOY__PERF__URLS": json.dumps(urls), "POSTDEPLOY__PERF__RUNS": str(runs),
           "POSTDEPLOY_REPORTS": str(out / "reports")}  # fmt: skip
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    elapsed = time.monotonic() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"perf layer exited {proc.returncode}: {proc.stdout[-800:]}{proc.stderr[-800:]}")
    for line in proc.stderr.splitlines():
        if line.startswith("postdeploy: lighthouse "):
            print(f"    {line[len('postdeploy: ') :]}", flush=True)  # per-run times and any retries
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--urls", nargs="+", default=["/", "/browse"])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))  # the demo helper lives with the self-tests
    from selftests.demo_server import running_demo

    raw, layer = [], []
    with running_demo() as demo, tempfile.TemporaryDirectory(prefix="perf-overhead-") as scratch:
        for i in range(args.repeat):
            out = Path(scratch) / str(i)
            out.mkdir()
            raw.append(raw_lighthouse(demo.base_url, args.urls, args.runs, out))
            layer.append(perf_layer(demo.base_url, demo.env, args.urls, args.runs, out))
            print(f"repeat {i + 1}: raw lighthouse {raw[-1]:.1f}s, perf layer {layer[-1]:.1f}s", flush=True)
    r, p = statistics.median(raw), statistics.median(layer)
    print(f"{len(args.urls)} URL(s) x {args.runs} run(s): raw lighthouse median {r:.1f}s, perf layer median {p:.1f}s, "
          f"overhead {p - r:+.1f}s ({100 * (p - r) / r:+.1f}%)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
