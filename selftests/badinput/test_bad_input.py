"""The bad-input catalogue: every way a target or a set-up can be wrong gives one clear line, the
right exit code, no traceback, and leaves no half-written report.

Each case runs the real suite (`pytest tests/smoke`) in a subprocess, the way a user would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from postdeploy.demo.launch import free_port
from selftests.badinput.badserver import bad_server

ROOT = Path(__file__).resolve().parents[2]
# Python internals that must never be what a user reads about their target.
INTERNAL_ERRORS = ("Traceback", "JSONDecodeError", "UnicodeDecodeError", "KeyError", "AttributeError", "TypeError")


def run_suite(
    base_url: str, tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "target.toml"
    if not profile.exists():
        profile.write_text('name = "bad"\nenvironment = "staging"\nhttp_timeout_s = 1.0\n[health]\nrequired = true\n')
    cmd = [
        sys.executable, "-m", "pytest", "tests/smoke", "-m", "smoke", f"--base-url={base_url}",
        f"--target={profile}", f"--alluredir={tmp_path / 'allure'}", f"--junitxml={tmp_path / 'junit.xml'}",
        "-q", "--no-header", "-p", "no:randomly", *args,
    ]  # fmt: skip
    return subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "400", **(env or {})}
    )


def assert_clean_failure(proc: subprocess.CompletedProcess[str], tmp_path: Path, expect: str) -> None:
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, f"exit {proc.returncode}\n{output[-3000:]}"
    for internal in INTERNAL_ERRORS:
        assert internal not in output, f"{internal} shown to the user:\n{output[-3000:]}"
    failed_lines = [line for line in proc.stdout.splitlines() if line.startswith("FAILED ")]
    assert failed_lines, output[-3000:]
    assert any(expect.lower() in line.lower() for line in failed_lines), "\n".join(failed_lines)
    assert_reports_complete(tmp_path)


def assert_reports_complete(tmp_path: Path) -> None:
    """No half-written report: the JUnit XML parses and every Allure result is valid JSON."""
    junit = tmp_path / "junit.xml"
    if junit.exists():
        ET.parse(junit)
    for result in (tmp_path / "allure").glob("*.json"):
        json.loads(result.read_text())


@pytest.mark.parametrize(
    ("mode", "expect"),
    [
        ("html-for-json", "not JSON"),
        ("huge-body", "not JSON"),
        ("invalid-utf8", "UTF-8"),
        ("slow", "read timed out"),
        ("redirect-loop", "redirect"),
    ],
)
def test_misbehaving_target(mode: str, expect: str, tmp_path: Path) -> None:
    with bad_server(mode) as url:
        proc = run_suite(url, tmp_path)
    assert_clean_failure(proc, tmp_path, expect)


def test_refused_connection(tmp_path: Path) -> None:
    proc = run_suite(f"http://127.0.0.1:{free_port()}", tmp_path)
    assert_clean_failure(proc, tmp_path, "connection refused")


def test_dns_failure(tmp_path: Path) -> None:
    proc = run_suite("http://postdeploy-no-such-host.invalid", tmp_path)
    assert_clean_failure(proc, tmp_path, "DNS lookup failed")


def test_tls_error(tmp_path: Path) -> None:
    with bad_server("slow") as url:  # speaking TLS to a plain-HTTP port fails the handshake
        proc = run_suite(url.replace("http://", "https://"), tmp_path)
    assert_clean_failure(proc, tmp_path, "TLS error")
