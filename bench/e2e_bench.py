"""E2E layer benchmark against the demo: serial vs `-n 2`, wall time per flow, and logging in once
(stored session) vs per flow. `python -m bench.e2e_bench [--runs N] [--write]`; `--write` updates the
`## E2E` section of bench/RESULTS.md."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from selftests.demo_server import running_demo

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
VARIANTS: dict[str, tuple[list[str], dict[str, str]]] = {
    "serial, login once (default)": ([], {}),
    "-n 2, login once per worker": (["-n", "2"], {}),
    "serial, login per flow": ([], {"POSTDEPLOY__E2E__REUSE_LOGIN": "false"}),
    "serial, no trace recording": ([], {"POSTDEPLOY__E2E__RECORD_TRACE": "false"}),
}


def run_layer(args: list[str], env: dict[str, str]) -> tuple[float, dict[str, float], int]:
    """One layer run on a fresh demo: (wall seconds, seconds per test, exit code)."""
    with running_demo() as demo, tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        cmd = [sys.executable, "-m", "pytest", "tests/e2e", "-m", "e2e", f"--base-url={demo.base_url}",
               "--target=targets/demo.toml", "-q", "--no-header", f"--junitxml={junit}", *args]  # fmt: skip
        started = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **demo.env, **env}, capture_output=True, text=True)
        wall = time.perf_counter() - started
        per_test: dict[str, float] = {}
        if junit.exists():
            for case in ET.parse(junit).iter("testcase"):
                name = f"{case.get('classname', '').rsplit('.', 1)[-1]}::{case.get('name', '')}"
                per_test[name.replace("[chromium]", "")] = float(case.get("time", 0))
        if proc.returncode != 0:
            print(proc.stdout[-3000:], file=sys.stderr)
        return wall, per_test, proc.returncode


def login_costs(repeats: int) -> dict[str, list[float]]:
    """Seconds to reach the signed-in dashboard in a fresh context: stored session vs UI login.

    Measured directly with the page objects in one browser, alternating, so machine load hits both alike.
    """
    from playwright.sync_api import sync_playwright

    from postdeploy.flows.auth import AuthPages
    from postdeploy.flows.base import Flow
    from postdeploy.flows.booking import Dashboard
    from postdeploy.flows.health import PageHealth
    from postdeploy.profile import E2ESettings
    from postdeploy.tools import CHROMIUM_FLAGS

    settings = E2ESettings(enabled=True)
    costs: dict[str, list[float]] = {"stored session": [], "UI login": []}
    with running_demo() as demo, sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        email, password = demo.env["POSTDEPLOY_TEST_EMAIL"], demo.env["POSTDEPLOY_TEST_PASSWORD"]
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=list(CHROMIUM_FLAGS))
        state = Path(tmp) / "state.json"

        def flow_in(context_args: dict[str, object]) -> Flow:
            context = browser.new_context(base_url=demo.base_url, **context_args)  # type: ignore[arg-type]
            return Flow(context.new_page(), settings, PageHealth(demo.base_url), demo.base_url)

        first = flow_in({})
        AuthPages(first).log_in(email, password)
        first.page.context.storage_state(path=state)
        first.page.context.close()
        for _ in range(repeats):
            started = time.perf_counter()
            flow = flow_in({"storage_state": str(state)})
            Dashboard(flow).open()
            costs["stored session"].append(time.perf_counter() - started)
            flow.page.context.close()
            started = time.perf_counter()
            flow = flow_in({})
            AuthPages(flow).log_in(email, password)
            AuthPages(flow).expect_signed_in()
            costs["UI login"].append(time.perf_counter() - started)
            flow.page.context.close()
        browser.close()
    return costs


def render(
    walls: dict[str, list[float]], flows: dict[str, list[float]], logins: dict[str, list[float]], runs: int
) -> str:
    load = os.getloadavg()[0]
    lines = [
        "## E2E",
        "",
        f"`python -m bench.e2e_bench --runs {runs}`: the whole e2e layer (15 flows, real Chromium) against a",
        f"fresh healthy demo per run; median of {runs} run(s), variant order rotated per round. Shared 2-core",
        f"machine (load average {load:.1f} at the end): absolute figures are noisy.",
        "",
        "| variant | wall time (s) | runs |",
        "|---|---:|---|",
    ]
    for name, values in walls.items():
        lines.append(f"| {name} | {statistics.median(values):.1f} | {', '.join(f'{v:.1f}' for v in values)} |")
    if logins:
        samples = len(next(iter(logins.values())))
        lines += ["", f"Reaching the signed-in dashboard in a fresh browser context (median of {samples}, "
                  "alternating):", "", "| how | seconds |", "|---|---:|"]  # fmt: skip
        for name, values in logins.items():
            lines.append(f"| {name} | {statistics.median(values):.2f} |")
    lines += ["", "Per flow (serial, login once; setup + call + teardown from JUnit XML):", "",
              "| flow | seconds |", "|---|---:|"]  # fmt: skip
    for name, values in sorted(flows.items(), key=lambda kv: -statistics.median(kv[1])):
        lines.append(f"| `{name}` | {statistics.median(values):.2f} |")
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    start = text.find("## E2E")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + ("\n" + text[end + 1 :] if end != -1 else "")
    RESULTS.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="update the ## E2E section of bench/RESULTS.md")
    parser.add_argument("--only", action="append", default=[], help="run only variants containing this text")
    parser.add_argument("--login-repeats", type=int, default=10, help="stored session vs UI login samples")
    options = parser.parse_args(argv)
    walls: dict[str, list[float]] = {}
    flows: dict[str, list[float]] = {}
    names = list(VARIANTS)
    for run in range(options.runs):
        # Rotate the order each round: on a shared machine the load drifts, and no variant should
        # always go first.
        for name in names[run % len(names) :] + names[: run % len(names)]:
            args, env = VARIANTS[name]
            if options.only and not any(o in name for o in options.only):
                continue
            wall, per_test, code = run_layer(args, env)
            print(f"{name}: {wall:.1f}s exit={code}", file=sys.stderr)
            walls.setdefault(name, []).append(wall)
            if name.startswith("serial, login once"):
                for test, seconds in per_test.items():
                    flows.setdefault(test, []).append(seconds)
    logins = login_costs(options.login_repeats) if options.login_repeats else {}
    section = render(walls, flows, logins, options.runs)
    print(section)
    if options.write:
        write_section(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
