"""`postdeploy run`: the main job — start the demo, run every layer against it, build the report, stop.

Each layer runs as its own pytest (or locust) process, exactly as a user or CI would run it, so the
main job proves the commands in the README rather than an in-process shortcut.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from postdeploy.launch import DemoStartError, running_demo

PYTEST_LAYERS = ("smoke", "security", "e2e", "perf")
ALL_LAYERS = (*PYTEST_LAYERS, "load")


@dataclass(frozen=True)
class LayerResult:
    layer: str
    exit_code: int
    seconds: float

    @property
    def verdict(self) -> str:
        return {0: "passed", 5: "nothing collected", 3: "SLA broken"}.get(self.exit_code, "FAILED")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="postdeploy run",
        description="Start the bundled demo, run the whole suite against it, build the report, stop the demo.",
    )
    parser.add_argument(
        "--layers",
        default=",".join(ALL_LAYERS),
        help=f"comma-separated layers to run (default: all of {','.join(ALL_LAYERS)})",
    )
    parser.add_argument("--fault", action="append", default=[], metavar="NAME", help="start the demo with a fault")
    parser.add_argument("--target", default="targets/demo.toml", help="target profile (default: targets/demo.toml)")
    parser.add_argument("--reports", default="reports", help="output folder (default: reports/)")
    parser.add_argument("--no-report", action="store_true", help="skip building the Allure report")
    parser.add_argument(
        "--http",
        action="store_true",
        help="serve the demo over plain http (default: HTTPS with its own local CA, which every layer trusts "
        "through POSTDEPLOY_CA_BUNDLE, so the TLS checks run too)",
    )
    return parser


def layer_command(layer: str, base_url: str, target: str, reports: Path) -> list[str]:
    if layer == "load":
        return [
            sys.executable, "-m", "locust", "-f", "load/", "--headless", "--host", base_url,
            "--shape", "smoke", "--target", target,
        ]  # fmt: skip
    return [
        sys.executable, "-m", "pytest", f"tests/{layer}", "-m", layer,
        f"--base-url={base_url}", f"--target={target}",
        f"--alluredir={reports / 'allure-results'}", f"--junitxml={reports / f'junit-{layer}.xml'}",
        "-q", "--no-header",
    ]  # fmt: skip


def prepare_reports(reports: Path) -> None:
    """Start each run from clean results; history (reports/history) survives for trends."""
    for name in ("allure-results", "allure-report", "lighthouse", "load", "regression"):
        shutil.rmtree(reports / name, ignore_errors=True)
    for junit in reports.glob("junit*.xml"):
        junit.unlink()
    (reports / "allure-results").mkdir(parents=True, exist_ok=True)


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    layers = [name.strip() for name in args.layers.split(",") if name.strip()]
    unknown = [name for name in layers if name not in ALL_LAYERS]
    if unknown:
        print(f"postdeploy run: unknown layer {unknown[0]!r} (choose from {', '.join(ALL_LAYERS)})", file=sys.stderr)
        return 4
    if not Path(args.target).is_file():
        print(f"postdeploy run: target profile {args.target} not found", file=sys.stderr)
        return 4
    reports = Path(args.reports)
    prepare_reports(reports)

    results: list[LayerResult] = []
    try:
        with running_demo(faults=args.fault, https=not args.http) as demo:
            print(f"postdeploy run: demo up at {demo.base_url} (faults: {', '.join(args.fault) or 'none'})", flush=True)
            env = {**os.environ, **demo.env, "POSTDEPLOY_REPORTS": str(reports)}
            for layer in layers:
                print(f"\n=== {layer} ===", flush=True)
                started = time.monotonic()
                code = subprocess.call(layer_command(layer, demo.base_url, args.target, reports), env=env)
                results.append(LayerResult(layer, code, time.monotonic() - started))
    except DemoStartError as exc:
        print(f"postdeploy run: {exc}", file=sys.stderr)
        return 1
    print("\n=== verdict ===")
    for result in results:
        print(f"{result.layer:<9} {result.verdict:<18} {result.seconds:6.1f} s")
    report_code = 0 if args.no_report else build_report(reports)
    failed = [r for r in results if r.exit_code not in (0, 5)]
    if any(r.exit_code == 3 for r in failed) and len(failed) == 1:
        return 3
    return 1 if failed or report_code else 0


def build_report(reports: Path) -> int:
    print("\n=== report ===", flush=True)
    code = subprocess.call([sys.executable, "-m", "postdeploy", "report", "--reports", str(reports)])
    if code != 0:
        print(f"postdeploy run: the report could not be built (exit {code})", file=sys.stderr)
    return code
