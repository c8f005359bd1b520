"""Capture complete Lighthouse results of the demo for the preset agreement bench (every audit, trimmed).

The saved results under selftests/data/lhr/{healthy,faults} keep only the audits the shipped budgets
read; a preset asserts on ~150 audits, so `bench/lhci_compare.py` needs results with all of them.
Runs the real Lighthouse CLI against the demo (healthy, and a few perf faults), one run per page.

    .venv/bin/python bench/lhci_capture.py [--out selftests/data/lhr/full]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from postdeploy.budgets.lhr import trim_lhr
from postdeploy.demo.launch import running_demo
from postdeploy.lighthouse import RunSettings, find_lighthouse, run_url

ROOT = Path(__file__).resolve().parents[1]
CASES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("healthy", (), ("/", "/browse")),
    ("heavy-page", ("heavy-page",), ("/",)),
    ("missing-meta", ("missing-meta",), ("/",)),
    ("render-blocking", ("render-blocking",), ("/",)),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "selftests" / "data" / "lhr" / "full")
    args = parser.parse_args(argv)
    chromium = os.environ.get("POSTDEPLOY_CHROMIUM") or shutil.which("chromium") or ""
    exe = find_lighthouse(os.environ, ROOT)
    settings = RunSettings(chrome_path=chromium, throttling_method="devtools", timeout_s=120)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lhci-capture-") as scratch:
        for name, faults, paths in CASES:
            with running_demo(faults=faults) as demo:
                for path in paths:
                    runs = run_url(exe, demo.base_url + path, 1, settings, Path(scratch), dict(os.environ))
                    if not runs.lhrs:
                        print(f"{name} {path}: no result ({'; '.join(runs.errors)})", file=sys.stderr)
                        return 1
                    lhr = trim_lhr(runs.lhrs[0])
                    # One origin for every capture (ports are free ones); a fault's page is a URL of its
                    # own, and the bench's "runs merged" set relabels every home page as runs of one.
                    for key in ("requestedUrl", "finalUrl"):
                        lhr[key] = "http://127.0.0.1:18080" + path + (f"?fault={name}" if faults else "")
                    slug = path.strip("/") or "home"
                    target = args.out / f"{name}-{slug}-run1.report.json"
                    target.write_text(json.dumps(lhr, separators=(",", ":")) + "\n", encoding="utf-8")
                    print(f"{target.relative_to(ROOT)}: {len(lhr['audits'])} audits, {target.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
