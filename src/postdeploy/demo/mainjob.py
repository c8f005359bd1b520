"""`postdeploy run`: the main job — start the demo, run every layer against it, build the report, stop.

Each layer runs as its own pytest (or locust) process, exactly as a user or CI would run it, so the
main job proves the commands in the README rather than an in-process shortcut.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from postdeploy.demo.launch import DemoStartError, running_demo
from postdeploy.layers import LAYERS

ALL_LAYERS = LAYERS


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
    parser.add_argument(
        "--protect",
        action="store_true",
        help="put the demo behind a Vercel-style protection wall; the suite gets its bypass secret "
        "(fails when any request of the suite is refused, or the secret reaches the checkout origin)",
    )
    parser.add_argument(
        "--no-supabase",
        action="store_true",
        help="start the demo without its Supabase-compatible data API (no PostgreSQL needed; the Supabase "
        "audit then skips)",
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


# What one run writes under reports/; history (reports/history) is kept across runs for trends.
RUN_OUTPUTS = ("allure-results", "allure-report", "lighthouse", "load", "regression", "summary.md", "junit.xml")
STAGING = ".run"


def staging_dir(reports: Path) -> Path:
    """Where a run writes until it is complete: the last complete report stays in place meanwhile,
    and an interrupted run leaves it untouched."""
    staging = reports / STAGING
    shutil.rmtree(staging, ignore_errors=True)  # a run interrupted before it could clean up
    (staging / "allure-results").mkdir(parents=True)
    return staging


def publish(staging: Path, reports: Path) -> None:
    """Replace the previous run's outputs with this run's, name by name."""
    names = [*RUN_OUTPUTS, *(p.name for p in staging.glob("junit-*.xml"))]
    for old in [*(reports / name for name in RUN_OUTPUTS), *reports.glob("junit-*.xml")]:
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
    for name in names:
        if (staging / name).exists():
            os.replace(staging / name, reports / name)


def run_layer(cmd: list[str], env: dict[str, str]) -> int:
    """One layer's process. Interrupted (Ctrl-C, a CI cancel), it has usually had the same SIGINT
    and is cleaning up what it started (Lighthouse, browsers, Locust's users): it gets a moment,
    then SIGINT of its own, then SIGTERM, then SIGKILL."""
    process = subprocess.Popen(cmd, env=env)
    try:
        return process.wait()
    except BaseException:
        steps = ((None, 3.0), (signal.SIGINT, 8.0), (signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0))
        for sig, grace in steps:
            if process.poll() is not None:
                break
            if sig is not None:
                process.send_signal(sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=grace)
        raise


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


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
    # A CI cancel's SIGTERM unwinds like Ctrl-C: every layer, the demo and its database are stopped.
    signal.signal(signal.SIGTERM, _interrupt)
    staging = staging_dir(reports)
    try:
        return _run(args, layers, reports, staging)
    except KeyboardInterrupt:
        print("\npostdeploy run: interrupted; the previous report is left as it was", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _run(args: argparse.Namespace, layers: list[str], reports: Path, staging: Path) -> int:
    results: list[LayerResult] = []
    try:
        with running_demo(
            faults=args.fault, https=not args.http, protect=args.protect, supabase=not args.no_supabase
        ) as demo:
            print(f"postdeploy run: demo up at {demo.base_url} (faults: {', '.join(args.fault) or 'none'})", flush=True)
            env = {**os.environ, **demo.env, "POSTDEPLOY_REPORTS": str(staging)}
            for layer in layers:
                print(f"\n=== {layer} ===", flush=True)
                started = time.monotonic()
                code = run_layer(layer_command(layer, demo.base_url, args.target, staging), env)
                results.append(LayerResult(layer, code, time.monotonic() - started))
            wall_events = list(demo.wall_events)
    except DemoStartError as exc:
        print(f"postdeploy run: {exc}", file=sys.stderr)
        return 1
    print("\n=== verdict ===")
    for result in results:
        print(f"{result.layer:<9} {result.verdict:<18} {result.seconds:6.1f} s")
    report_code = 0 if args.no_report else build_report(staging, reports / "history")
    publish(staging, reports)
    if not args.no_report:
        print(f"postdeploy run: report {reports / 'allure-report' / 'index.html'}, summary {reports / 'summary.md'}")
    if wall_events:
        # Some client of the suite came without the secret, or took it to a third party.
        print(f"postdeploy run: the protection wall saw {len(wall_events)} problem(s):", file=sys.stderr)
        for line in wall_events[:10]:
            print(f"  {line}", file=sys.stderr)
        return 1
    # A layer that collected nothing (pytest's 5) checked nothing: that is not a pass.
    failed = [r for r in results if r.exit_code != 0]
    if any(r.exit_code == 3 for r in failed) and len(failed) == 1:
        return 3
    return 1 if failed or report_code else 0


def build_report(reports: Path, history: Path) -> int:
    print("\n=== report ===", flush=True)
    command = [sys.executable, "-m", "postdeploy", "report", "--reports", str(reports), "--history", str(history)]
    code = subprocess.call(command)
    if code != 0:
        print(f"postdeploy run: the report could not be built (exit {code})", file=sys.stderr)
    return code
