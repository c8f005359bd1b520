"""Developer loop: run the smoke layer against the demo, healthy and with each smoke fault, and show
which tests failed. `python -m selftests.smoke.fault_loop [fault ...]` (the official matrix is the lead's)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from postdeploy.demo.catalogue.smoke import FAULTS
from selftests.demo_server import running_demo

ROOT = Path(__file__).resolve().parents[2]


def run_layer(faults: list[str], https: bool) -> tuple[float, list[str], str]:
    with running_demo(faults=faults, https=https) as demo, tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pytest", "tests/smoke", "-m", "smoke", f"--base-url={demo.base_url}",
               "--target=targets/demo.toml", "-q", "--no-header", "-rfE", f"--junitxml={tmp}/j.xml"]  # fmt: skip
        started = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **demo.env}, capture_output=True, text=True)
        took = time.perf_counter() - started
    failed = [line for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return took, failed, proc.stdout[-3000:]


def main(names: list[str]) -> int:
    by_name = {f.name: f for f in FAULTS}
    cases = names or ["healthy", "healthy-https", *by_name]
    bad = 0
    for name in cases:
        fault = by_name.get(name)
        https = name == "healthy-https" or bool(fault and fault.tls)
        took, failed, out = run_layer([name] if fault else [], https)
        expected = [fault.check, *fault.also] if fault else []
        caught = bool(fault) and any(fault.check in line for line in failed)
        stray = [line for line in failed if not any(e in line for e in expected)]
        ok = (caught or not fault) and not stray
        bad += not ok
        print(f"{'ok ' if ok else 'BAD'} {name:22} {took:5.2f}s  failed={len(failed)}")
        for line in failed if not ok or os.environ.get("VERBOSE") else []:
            print("      ", line[:220])
        if not ok and not failed:
            print(out)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
