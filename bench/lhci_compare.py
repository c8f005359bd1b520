"""Agreement of `postdeploy lighthouse-assert` with Lighthouse CI's `lhci assert`, assertion by assertion.

Both tools check the same saved Lighthouse results against the same budget.json and the same
assertion file; every assertion result (URL, audit, property, kind, level) must have the same
verdict and the same aggregated value. Needs `npm ci` in bench/lhci-oracle (installs @lhci/cli).

    .venv/bin/python bench/lhci_compare.py [--lhr DIR ...] [--budgets FILE] [--assertions FILE]
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from postdeploy.budgets.cli import check
from postdeploy.budgets.lhr import find_lhr_files

ROOT = Path(__file__).resolve().parents[1]
LHCI = ROOT / "bench" / "lhci-oracle" / "node_modules" / ".bin" / "lhci"
DEFAULT_LHR = [ROOT / "selftests" / "data" / "lhr" / "healthy", ROOT / "selftests" / "data" / "lhr" / "faults"]

Key = tuple[str, str, str, str, str]


def _key(result: dict[str, Any]) -> Key:
    return (result["url"], result["auditId"], result.get("auditProperty") or "", result["name"], result["level"])


def _same_number(a: Any, b: Any) -> bool:
    a = math.nan if a in (None, "NaN") else float(a)
    b = math.nan if b in (None, "NaN") else float(b)
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def run_lhci(lhr_files: list[Path], mode: str, config_file: Path) -> list[dict[str, Any]]:
    """`lhci assert` in a scratch folder (it only reads `.lighthouseci/lhr-<n>.json` there)."""
    with tempfile.TemporaryDirectory(prefix="lhci-compare-") as scratch:
        store = Path(scratch) / ".lighthouseci"
        store.mkdir()
        for n, file in enumerate(lhr_files):
            shutil.copy(file, store / f"lhr-{1000 + n}.json")
        if mode == "budgets":
            args = [f"--budgetsFile={config_file}"]
        else:
            data = json.loads(config_file.read_text(encoding="utf-8"))
            rc = Path(scratch) / "lighthouserc.json"
            rc.write_text(json.dumps({"ci": {"assert": data.get("ci", {}).get("assert", data)}}), encoding="utf-8")
            args = [f"--config={rc}"]
        cmd = [str(LHCI), "assert", "--includePassedAssertions", "--lhr=.lighthouseci", *args]
        proc = subprocess.run(cmd, cwd=scratch, capture_output=True, text=True, timeout=300)
        results_file = store / "assertion-results.json"
        if not results_file.is_file():
            raise SystemExit(f"lhci assert produced no results (exit {proc.returncode}): {proc.stderr[-500:]}")
        results: list[dict[str, Any]] = json.loads(results_file.read_text(encoding="utf-8"))
        return results


def compare(lhr_files: list[Path], mode: str, config_file: Path, scratch: Path) -> dict[str, Any]:
    theirs = {_key(r): r for r in run_lhci(lhr_files, mode, config_file)}
    for n, file in enumerate(lhr_files):
        shutil.copy(file, scratch / f"lhr-{n}.json")
    budgets, assertions = (config_file, None) if mode == "budgets" else (None, config_file)
    ours = {_key(r.as_lhci()): r.as_lhci() for r in check(scratch, budgets, assertions, include_passed=True)}
    # With --budgetsFile, lhci replaces all options (includePassedAssertions too): it lists only the
    # failures, so an assertion lhci does not list is one it passed; there only verdicts compare.
    only_failures = mode == "budgets"
    disagreements = []
    for key in sorted(set(theirs) | set(ours)):
        a, b = theirs.get(key), ours.get(key)
        if only_failures and a is None and b is not None and b["passed"]:
            continue
        if a is None or b is None or a["passed"] != b["passed"] or not _same_number(a["actual"], b["actual"]):
            disagreements.append({"key": key, "lhci": a, "postdeploy": b})
    agreed = len(set(theirs) | set(ours)) - len(disagreements)
    failing = sum(1 for r in theirs.values() if not r["passed"])
    return {
        "mode": mode,
        "file": str(config_file.relative_to(ROOT) if config_file.is_relative_to(ROOT) else config_file),
        "assertions": len(set(theirs) | set(ours)),
        "agreed": agreed,
        "lhci_failing": failing,
        "disagreements": disagreements,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lhr", nargs="*", type=Path, default=DEFAULT_LHR)
    parser.add_argument("--budgets", type=Path, default=ROOT / "budgets" / "lighthouse.json")
    parser.add_argument("--assertions", type=Path, default=ROOT / "budgets" / "lighthouse-assertions.json")
    parser.add_argument("--extra-assertions", type=Path, default=ROOT / "bench" / "perf_lhci_assertions.json")
    args = parser.parse_args(argv)
    if not LHCI.is_file():
        print("lhci not installed: run `npm ci` in bench/lhci-oracle", file=sys.stderr)
        return 4
    files = [f for folder in args.lhr if folder.exists() for f in find_lhr_files(folder)]
    reports = []
    with tempfile.TemporaryDirectory(prefix="postdeploy-compare-") as scratch:
        # Second data set: every home-page result relabelled as runs of one URL, so aggregation
        # (optimistic, pessimistic, median, median-run) works over runs that really differ.
        merged = Path(scratch) / "merged"
        merged.mkdir()
        for n, file in enumerate(files):
            lhr = json.loads(file.read_text(encoding="utf-8"))
            if lhr["finalUrl"].rstrip("/").count("/") == 2:
                lhr["finalUrl"] = "http://127.0.0.1:18080/"
                (merged / f"lhr-{n}.json").write_text(json.dumps(lhr), encoding="utf-8")
        for label, data in (("per URL", files), ("runs merged", sorted(merged.glob("*.json")))):
            for mode, config in (("budgets", args.budgets), ("assertions", args.assertions),
                                 ("assertions", args.extra_assertions)):  # fmt: skip
                if not config.is_file() or not data:
                    continue
                folder = Path(scratch) / f"{label.replace(' ', '-')}-{mode}-{config.stem}"
                folder.mkdir()
                report = compare(data, mode, config, folder)
                report["data"] = f"{label} ({len(data)} results)"
                reports.append(report)
    total = sum(r["assertions"] for r in reports)
    agreed = sum(r["agreed"] for r in reports)
    print(f"{len(files)} saved results, {len({json.loads(f.read_text())['finalUrl'] for f in files})} URLs")
    for r in reports:
        print(f"  {r['data']:<24} {r['mode']:<10} {r['file']:<38} {r['agreed']}/{r['assertions']} agree "
              f"({r['lhci_failing']} failing per lhci)")  # fmt: skip
        for d in r["disagreements"][:10]:
            print(f"    DISAGREE {d['key']}: lhci={d['lhci']} postdeploy={d['postdeploy']}")
    print(f"agreement: {agreed}/{total} assertions ({100.0 * agreed / max(total, 1):.1f}%)")
    return 0 if agreed == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
