"""The e2e layer as a user runs it, against the real demo and Chromium: the live-key refusal, failure
artifacts in Allure (and no password in them), pytest-playwright's own options, missing credentials.

Every case runs `pytest tests/e2e …` in a subprocess, the way the fault matrix and CI do.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from postdeploy.demo.launch import RunningDemo
from postdeploy.flows.artifacts import trace_contains
from selftests.demo_server import running_demo

ROOT = Path(__file__).resolve().parents[2]
TRACE_MIME = "application/vnd.allure.playwright-trace"


def run_e2e(demo: RunningDemo, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pytest", "tests/e2e", "-m", "e2e", f"--base-url={demo.base_url}",
           "--target=targets/demo.toml", "-q", "--no-header", "-rfEs", *args]  # fmt: skip
    return subprocess.run(
        cmd, cwd=ROOT, env={**os.environ, **demo.env, **(env or {})}, capture_output=True, text=True, timeout=300
    )


def test_live_publishable_key_is_refused_before_any_card_is_typed(tmp_path: Path) -> None:
    live_key = "pk_" + "live_" + "x" * 24  # built here: no live-looking literal in the repository
    with running_demo(extra_env={"DEMO_STRIPE_PUBLISHABLE_KEY": live_key}) as demo:
        run = run_e2e(demo, "-k", "test_card_payment_confirms_after_webhook", f"--alluredir={tmp_path}")
        demo_log = "\n".join(demo.output)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "refusing to pay: the checkout page exposes a live Stripe key (pk_live_…)" in output
    assert live_key not in output
    assert "POST /c/pay/" not in demo_log, "a card was submitted to a live-mode checkout"


def test_failure_attaches_screenshot_trace_and_console_log_without_the_password(tmp_path: Path) -> None:
    results = tmp_path / "allure-results"
    with running_demo(faults=["login-broken"]) as demo:
        password = demo.env["POSTDEPLOY_TEST_PASSWORD"]
        run = run_e2e(demo, "-k", "test_login_shows_dashboard", f"--alluredir={results}")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "FlowError: login refused the test account: 'Invalid email or password'" in run.stdout
    [result] = [json.loads(p.read_text()) for p in results.glob("*-result.json")]
    types = {a["type"] for a in result["attachments"]}
    assert {"image/png", "text/plain", TRACE_MIME} <= types, types
    [trace] = [results / a["source"] for a in result["attachments"] if a["type"] == TRACE_MIME]
    assert trace.name.endswith(".zip")
    assert trace_contains(trace, "[REDACTED]"), "the password fill should still show, masked"
    for path in results.iterdir():
        assert password.encode() not in path.read_bytes(), f"the password leaked into {path.name}"
        if path.suffix == ".zip":
            assert not trace_contains(path, password)


def test_pytest_playwright_options_keep_working_and_its_traces_are_redacted(tmp_path: Path) -> None:
    output = tmp_path / "pw-output"
    with running_demo() as demo:
        password = demo.env["POSTDEPLOY_TEST_PASSWORD"]
        run = run_e2e(demo, "-k", "test_login_shows_dashboard", "--tracing=on", "--screenshot=on", f"--output={output}")
    assert run.returncode == 0, run.stdout + run.stderr
    traces = list(output.rglob("trace*.zip"))
    assert traces and list(output.rglob("*.png")), sorted(p.name for p in output.rglob("*"))
    for trace in traces:
        assert not trace_contains(trace, password), f"the password is in {trace}"


def test_missing_credentials_skip_signed_in_flows_with_one_line() -> None:
    with running_demo() as demo:
        env = {"POSTDEPLOY__E2E__USERNAME_ENV": "POSTDEPLOY_NO_SUCH_EMAIL"}
        run = run_e2e(demo, "-k", "test_login_shows_dashboard or test_listings_load", env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no e2e test account: set POSTDEPLOY_NO_SUCH_EMAIL" in run.stdout
    assert "1 passed, 1 skipped" in run.stdout


def test_a_private_ca_reaches_chromium_through_the_profile_bundle() -> None:
    """The demo's HTTPS variant has its own CA: with the bundle the flows pass in real Chromium, and
    without it Chromium refuses the certificate (nothing is ever told to ignore certificate errors)."""
    flows = ["-k", "test_listings_load or test_card_payment_confirms_after_webhook"]
    with running_demo(https=True) as demo:
        trusted = run_e2e(demo, *flows)
        untrusted = run_e2e(demo, "-k", "test_listings_load", env={"POSTDEPLOY_CA_BUNDLE": ""})
        missing = run_e2e(demo, "-k", "test_listings_load", env={"POSTDEPLOY_CA_BUNDLE": "/nowhere/ca.pem"})
    assert trusted.returncode == 0 and "2 passed" in trusted.stdout, trusted.stdout + trusted.stderr
    assert untrusted.returncode == 1, untrusted.stdout + untrusted.stderr
    assert "net::ERR_CERT_AUTHORITY_INVALID" in untrusted.stdout
    assert missing.returncode == 4, missing.stdout + missing.stderr
    lines = [line for line in (missing.stdout + missing.stderr).splitlines() if "POSTDEPLOY_CA_BUNDLE" in line]
    assert lines and "cannot use /nowhere/ca.pem as a CA bundle" in lines[0], missing.stdout + missing.stderr
    assert "Traceback" not in missing.stdout + missing.stderr
