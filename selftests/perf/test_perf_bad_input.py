"""Perf-layer bad input, through the real command: one clear line and exit 4 for configuration
(budget files, no Lighthouse, no Chromium); a failed test, not a crash, for a page that never paints.

Each case runs `pytest tests/perf -m perf` in a subprocess the way a user would.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from selftests.local_server import serving

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "targets" / "demo.toml"
UNREACHABLE = "http://127.0.0.1:9"  # configuration errors must be found before any page is loaded


def run_perf(tmp_path: Path, base_url: str = UNREACHABLE, **env: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pytest", "tests/perf", "-m", "perf", f"--base-url={base_url}",
           f"--target={TARGET}", "-q", "--no-header", "-p", "no:randomly"]  # fmt: skip
    full_env = {**os.environ, "POSTDEPLOY_REPORTS": str(tmp_path / "reports"), **env}
    return subprocess.run(cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=300)


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if "ERROR:" in line or "Exit:" in line or "postdeploy:" in line]
    assert lines, output
    return lines[0]


@pytest.mark.parametrize(
    ("file_kind", "content", "message"),
    [
        (
            "BUDGET_FILE",
            '[{"resourceSizes": [{"resourceType": "scripts", "budget": 1}]}]',
            "invalid resource type 'scripts'",
        ),
        ("BUDGET_FILE", '[{"timings": [{"metric": "lcp", "budget": 2500}]}]', "invalid timing metric 'lcp'"),
        ("BUDGET_FILE", "{not json", "not valid JSON"),
        (
            "ASSERTIONS_FILE",
            '{"assertions": {"largest-contentful-pain": "error"}}',
            "unknown audit id 'largest-contentful-pain'",
        ),
        ("ASSERTIONS_FILE", '{"assertions": {"interactive": ["fatal", {}]}}', "unknown level 'fatal'"),
    ],
)
def test_bad_budget_files_exit_4_with_one_line(tmp_path: Path, file_kind: str, content: str, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    proc = run_perf(tmp_path, **{f"POSTDEPLOY__PERF__{file_kind}": str(bad)})
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert message in one_line_error(proc)


def test_missing_budget_file_exits_4(tmp_path: Path) -> None:
    proc = run_perf(tmp_path, POSTDEPLOY__PERF__BUDGET_FILE=str(tmp_path / "nope.json"))
    assert proc.returncode == 4
    assert "file not found" in one_line_error(proc)


def test_no_lighthouse_exits_4_naming_the_install_step(tmp_path: Path) -> None:
    proc = run_perf(tmp_path, POSTDEPLOY_LIGHTHOUSE=str(tmp_path / "no-lighthouse"))
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "npm ci" in one_line_error(proc)


def test_no_chromium_exits_4(tmp_path: Path) -> None:
    proc = run_perf(tmp_path, POSTDEPLOY_CHROMIUM=str(tmp_path / "no-chromium"))
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "Chromium not found" in one_line_error(proc)


class _BlankPage(http.server.BaseHTTPRequestHandler):
    """A page with nothing to paint: Lighthouse ends with NO_FCP."""

    def do_GET(self) -> None:
        body = b"<!doctype html><html lang=en><head><title>blank</title></head><body></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def blank_site() -> Iterator[str]:
    with serving(_BlankPage) as url:
        yield url


def test_page_that_never_paints_is_a_failed_test(tmp_path: Path, blank_site: str) -> None:
    proc = run_perf(
        tmp_path, blank_site, POSTDEPLOY__PERF__URLS='["/"]', POSTDEPLOY__PERF__RUNS="1",
        POSTDEPLOY__PERF__RETRIES="0", POSTDEPLOY__PERF__TIMEOUT_S="40",
    )  # fmt: skip
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "Traceback" not in output
    assert "FAILED tests/perf/test_lighthouse.py::test_lighthouse_run[/]" in output
    assert "NO_FCP" in output
    # Every budget line of the page fails too: no result is not a pass.
    assert "passed" not in output.splitlines()[-1]
