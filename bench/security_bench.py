"""Wall time of the whole security layer (`pytest -m security`) against the bundled demo.

    .venv/bin/python bench/security_bench.py [--runs 3]

Starts the healthy demo once, runs the layer `--runs` times (a fresh pytest process each, as CI
would), and writes bench/security_bench.json: per-run wall seconds, tests, HTTP requests the demo saw.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selftests.demo_server import running_demo  # noqa: E402


def run_layer(base_url: str, env: dict[str, str]) -> tuple[float, str, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "pytest"),
            "tests/security",
            "-m",
            "security",
            "--base-url",
            base_url,
            "--target",
            "targets/demo.toml",
            "-q",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    summary = (done.stdout.strip().splitlines() or ["?"])[-1]
    return wall, summary, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "security_bench.json")
    args = parser.parse_args()
    runs = []
    with running_demo() as demo:
        env = {**os.environ, **demo.env}
        for _ in range(args.runs):
            wall, summary, code = run_layer(demo.base_url, env)
            in_pytest = re.search(r"in ([\d.]+)s", summary)
            runs.append(
                {
                    "wall_s": round(wall, 2),
                    "pytest_s": float(in_pytest.group(1)) if in_pytest else None,
                    "summary": summary,
                    "exit": code,
                }
            )
            print(f"run: {wall:.2f} s wall, {summary} (exit {code})")
    result = {
        "runs": runs,
        "median_wall_s": round(statistics.median(r["wall_s"] for r in runs), 2),
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg(),
    }
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"median wall: {result['median_wall_s']} s over {len(runs)} runs (load average {result['load_average']})")
    return 0 if all(r["exit"] == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
