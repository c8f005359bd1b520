"""Agreement of `postdeploy lighthouse-assert` with Lighthouse CI's `lhci assert`, assertion by assertion.

Both tools check the same saved Lighthouse results against the same budget.json, the same
assertion files and the same lighthouserc files (`budgetsFile`, the three `lighthouse:*` presets, the
origin documents' lighthouserc); every assertion result (URL, audit, property, kind, level) must have
the same verdict and the same aggregated value. Needs `npm ci` in bench/lhci-oracle (@lhci/cli).

    .venv/bin/python bench/lhci_compare.py [--lhr DIR ...] [--budgets FILE] [--assertions FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from postdeploy.budgets.cli import check
from postdeploy.budgets.lhr import find_lhr_files

ROOT = Path(__file__).resolve().parents[1]
LHCI = ROOT / "bench" / "lhci-oracle" / "node_modules" / ".bin" / "lhci"
LHR_DATA = ROOT / "selftests" / "data" / "lhr"
# healthy/faults: trimmed to the shipped budgets' audits; full: every audit (bench/lhci_capture.py), for presets.
DEFAULT_LHR = [LHR_DATA / "healthy", LHR_DATA / "faults"]
FULL_LHR = LHR_DATA / "full"
# The lighthouserc of the origin documents (seeds/004: "Set up Lighthouse CI"), verbatim.
ORIGIN_LIGHTHOUSERC = {
    "ci": {
        "collect": {"url": ["https://yourdomain.com"], "numberOfRuns": 3},
        "assert": {
            "preset": "lighthouse:recommended",
            "assertions": {
                "categories:performance": ["error", {"minScore": 0.9}],
                "categories:accessibility": ["error", {"minScore": 0.95}],
                "categories:best-practices": ["error", {"minScore": 0.95}],
                "categories:seo": ["error", {"minScore": 0.9}],
            },
        },
    }
}


def lighthouserc_configs(budgets: Path) -> dict[str, dict[str, str]]:
    """lighthouserc files (with the files they name) both tools read from the same folder."""

    def rc(assert_options: dict[str, Any]) -> str:
        return json.dumps({"ci": {"assert": assert_options}})

    configs = {f"rc {name}": {"lighthouserc.json": rc({"preset": name})}
               for name in ("lighthouse:recommended", "lighthouse:no-pwa", "lighthouse:all")}  # fmt: skip
    configs["rc origin documents"] = {"lighthouserc.json": json.dumps(ORIGIN_LIGHTHOUSERC)}
    if budgets.is_file():
        configs["rc budgetsFile"] = {
            "lighthouserc.json": rc({"budgetsFile": "budget.json"}),
            "budget.json": budgets.read_text(encoding="utf-8"),
        }
    return configs


Key = tuple[str, str, str, str, str]


def _key(result: dict[str, Any]) -> Key:
    return (result["url"], result["auditId"], result.get("auditProperty") or "", result["name"], result["level"])


def _same_number(a: Any, b: Any) -> bool:
    a = math.nan if a in (None, "NaN") else float(a)
    b = math.nan if b in (None, "NaN") else float(b)
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def run_lhci(lhr_files: list[Path], mode: str, config_file: Path) -> list[dict[str, Any]]:
    """`lhci assert` in a scratch folder (it only reads `.lighthouseci/lhr-<n>.json` there).

    mode "rc": `config_file` is a lighthouserc whose folder is copied in as the working directory
    (lhci resolves `budgetsFile` from there).
    """
    with tempfile.TemporaryDirectory(prefix="lhci-compare-") as scratch:
        store = Path(scratch) / ".lighthouseci"
        store.mkdir()
        for n, file in enumerate(lhr_files):
            shutil.copy(file, store / f"lhr-{1000 + n}.json")
        if mode == "rc":
            for file in config_file.parent.iterdir():
                shutil.copy(file, Path(scratch) / file.name)
            args = [f"--config={config_file.name}"]
        elif mode == "budgets":
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
    # With a budgets file, lhci replaces all options (includePassedAssertions too): it lists only the
    # failures, so an assertion lhci does not list is one it passed; there only verdicts compare.
    only_failures = mode == "budgets" or "budgetsFile" in config_file.read_text(encoding="utf-8")
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
        "file": str(config_file.relative_to(ROOT) if config_file.is_relative_to(ROOT) else config_file.name),
        "assertions": len(set(theirs) | set(ours)),
        "agreed": agreed,
        "lhci_failing": failing,
        "disagreements": disagreements,
    }


@contextlib.contextmanager
def _working_directory(folder: Path) -> Iterator[None]:
    """Ours reads budgetsFile beside the lighthouserc, lhci from its working directory: the same folder."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _home_runs(files: list[Path], folder: Path) -> list[Path]:
    """Every home-page result relabelled as runs of one URL, so aggregation (optimistic, pessimistic,
    median, median-run) works over runs that really differ."""
    folder.mkdir()
    for n, file in enumerate(files):
        lhr = json.loads(file.read_text(encoding="utf-8"))
        if urlsplit(lhr["finalUrl"]).path in ("", "/"):
            lhr["finalUrl"] = "http://127.0.0.1:18080/"
            (folder / f"lhr-{n}.json").write_text(json.dumps(lhr), encoding="utf-8")
    return sorted(folder.glob("*.json"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lhr", nargs="*", type=Path, default=DEFAULT_LHR, help="results trimmed to the budgets")
    parser.add_argument("--full-lhr", nargs="*", type=Path, default=[FULL_LHR], help="results with every audit")
    parser.add_argument("--budgets", type=Path, default=ROOT / "budgets" / "lighthouse.json")
    parser.add_argument("--assertions", type=Path, default=ROOT / "budgets" / "lighthouse-assertions.json")
    parser.add_argument("--extra-assertions", type=Path, default=ROOT / "bench" / "perf_lhci_assertions.json")
    args = parser.parse_args(argv)
    if not LHCI.is_file():
        print("lhci not installed: run `npm ci` in bench/lhci-oracle", file=sys.stderr)
        return 4
    trimmed = [f for folder in args.lhr if folder.exists() for f in find_lhr_files(folder)]
    full = [f for folder in args.full_lhr if folder.exists() for f in find_lhr_files(folder)]
    reports = []
    with tempfile.TemporaryDirectory(prefix="postdeploy-compare-") as scratch:
        files_configs: list[tuple[str, str, Path]] = [
            ("budgets", "", args.budgets),
            *(("assertions", "", path) for path in (args.assertions, args.extra_assertions)),
        ]
        rc_configs: list[tuple[str, str, Path]] = []
        for name, rc_files in lighthouserc_configs(args.budgets).items():
            folder = Path(scratch) / "configs" / name.replace(":", "-").replace(" ", "-")
            folder.mkdir(parents=True)
            for file_name, text in rc_files.items():
                (folder / file_name).write_text(text, encoding="utf-8")
            rc_configs.append(("rc", name, folder / "lighthouserc.json"))
        # Presets assert on ~150 audits: they only mean something on results that have them all.
        plan = [
            ("saved, per URL", trimmed, files_configs),
            ("saved, runs merged", _home_runs(trimmed, Path(scratch) / "merged-saved"), files_configs),
            ("full, per URL", full, files_configs + rc_configs),
            ("full, runs merged", _home_runs(full, Path(scratch) / "merged-full"), files_configs + rc_configs),
        ]
        for label, data, configs in plan:
            for mode, name, config in configs:
                if not config.is_file() or not data:
                    continue
                folder = Path(scratch) / f"{label.replace(' ', '-').replace(',', '')}-{mode}-{config.parent.name}"
                folder = folder.with_name(f"{folder.name}-{config.stem}")
                folder.mkdir()
                with _working_directory(config.parent if mode == "rc" else Path.cwd()):
                    report = compare(data, mode, config, folder)
                report["data"] = f"{label} ({len(data)})"
                report["file"] = name or report["file"]
                reports.append(report)
    total = sum(r["assertions"] for r in reports)
    agreed = sum(r["agreed"] for r in reports)
    urls = len({json.loads(f.read_text())["finalUrl"] for f in trimmed + full})
    print(f"{len(trimmed)} saved results trimmed to the budgets, {len(full)} with every audit, {urls} URLs")
    for r in reports:
        print(f"  {r['data']:<24} {r['mode']:<10} {r['file']:<38} {r['agreed']:>4}/{r['assertions']:<4} agree "
              f"({r['lhci_failing']} failing per lhci)")  # fmt: skip
        for d in r["disagreements"][:10]:
            print(f"    DISAGREE {d['key']}: lhci={d['lhci']} postdeploy={d['postdeploy']}")
    print(f"agreement: {agreed}/{total} assertions ({100.0 * agreed / max(total, 1):.1f}%)")
    return 0 if agreed == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
