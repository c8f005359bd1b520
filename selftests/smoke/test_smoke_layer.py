"""The smoke layer as a user runs it, against the real demo: everything passes when healthy (HTTP and
HTTPS), and a few representative faults fail exactly their check (the full matrix is the lead's)."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
from pathlib import Path

import pytest

from selftests.demo_server import running_demo
from selftests.local_server import serving

ROOT = Path(__file__).resolve().parents[2]


def run_layer(
    faults: tuple[str, ...] = (), https: bool = False, extra_env: dict[str, str] | None = None
) -> tuple[int, list[str], str]:
    with running_demo(faults=faults, https=https) as demo:
        cmd = [sys.executable, "-m", "pytest", "tests/smoke", "-m", "smoke", f"--base-url={demo.base_url}",
               "--target=targets/demo.toml", "-q", "--no-header", "-rfEs", "-p", "no:randomly"]  # fmt: skip
        env = {**os.environ, **demo.env, "COLUMNS": "300", **(extra_env or {})}
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    failed = [line for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return proc.returncode, failed, proc.stdout[-3000:] + proc.stderr[-2000:]


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
def test_healthy_demo_passes(https: bool) -> None:
    code, failed, output = run_layer(https=https)
    assert code == 0 and not failed, output


@pytest.mark.parametrize(
    ("fault", "https", "test_id", "words"),
    [
        ("wrong-version", False, "test_deployed_version", "old version still live"),
        ("redirect-loop", False, "test_no_redirect_loop[/login]", "redirect loop from /login"),
        ("tls-wrong-host", True, "test_certificate_hostname", "not valid for 127.0.0.1"),
    ],
)
def test_fault_fails_its_check_in_words(fault: str, https: bool, test_id: str, words: str) -> None:
    code, failed, output = run_layer((fault,), https)
    assert code == 1, output
    assert any(test_id in line and words in line for line in failed), "\n".join(failed) or output


# The demo's asset names carry no hash; a pattern naming them stands in for a build's hashes.
DISCOVER = {
    "POSTDEPLOY__CACHING__STATIC_PATHS": "[]",
    "POSTDEPLOY__CACHING__FINGERPRINT_PATTERN": r"^/static/app\.(css|js)$",
}


@pytest.mark.parametrize("fault", [None, "static-no-cache"])
def test_static_assets_discovered_on_the_pages(fault: str | None) -> None:
    code, failed, output = run_layer((fault,) if fault else (), extra_env=DISCOVER)
    if fault is None:
        assert code == 0 and not failed and "no fingerprinted" not in output, output
        return
    assert code == 1, output
    expected = "tests/smoke/test_caching.py::test_static_cache[discovered]"
    assert [line.split()[1] for line in failed] == [expected], output
    assert "static asset /static/app.css is not cached long-term" in output, output


def test_untrusted_chain_fails_only_the_chain_check() -> None:
    """The HTTPS demo without its CA bundle: the system store does not trust it, and only
    test_certificate_chain says so (smoke requests themselves leave certificates to the TLS checks)."""
    with running_demo(https=True) as demo:
        env = {k: v for k, v in {**os.environ, **demo.env}.items() if k != "POSTDEPLOY_CA_BUNDLE"}
        cmd = [sys.executable, "-m", "pytest", "tests/smoke", "-m", "smoke", f"--base-url={demo.base_url}",
               "--target=targets/demo.toml", "-q", "--no-header", "-rfEs", "-p", "no:randomly"]  # fmt: skip
        proc = subprocess.run(cmd, cwd=ROOT, env={**env, "COLUMNS": "300"}, capture_output=True, text=True, timeout=300)
    failed = [line for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    assert len(failed) == 1 and "test_certificate_chain" in failed[0], proc.stdout[-3000:]
    assert "does not verify against the system trust store" in failed[0]


class _Redirector(http.server.BaseHTTPRequestHandler):
    target = ""

    def do_GET(self) -> None:
        if self.target:
            self.send_response(301)
            self.send_header("Location", self.target + self.path)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("redirects", [True, False], ids=["redirects", "serves-plain-http"])
def test_http_to_https_redirect(redirects: bool) -> None:
    with running_demo(https=True) as demo:
        handler = type("Handler", (_Redirector,), {"target": demo.base_url if redirects else ""})
        with serving(handler) as url:
            plain = f"{url}/"
            cmd = [sys.executable, "-m", "pytest", "tests/smoke/test_tls.py", "-m", "smoke", "-k", "https", "-q",
                   f"--base-url={demo.base_url}", "--target=targets/demo.toml", "--no-header", "-rfs"]  # fmt: skip
            env = {**os.environ, **demo.env, "POSTDEPLOY__TLS__HTTP_URL": plain, "COLUMNS": "300"}
            proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if redirects:
        assert proc.returncode == 0 and "1 passed" in proc.stdout, proc.stdout[-2000:]
    else:
        assert proc.returncode == 1 and "instead of redirecting to HTTPS" in proc.stdout, proc.stdout[-2000:]


def test_an_accepted_finding_passes_a_smoke_check() -> None:
    """The one `verdict` of every layer honours the profile's accepted findings, smoke included: the
    old version still live fails test_deployed_version, unless the team accepted exactly that."""
    accept = {"POSTDEPLOY__SECURITY__ACCEPTED": '[{"id": "health.wrong-version", "reason": "rollback drill"}]'}
    code, failed, output = run_layer(("wrong-version",), extra_env=accept)
    assert code == 0 and not failed, output
    other = {"POSTDEPLOY__SECURITY__ACCEPTED": '[{"id": "health.version-missing", "reason": "not this one"}]'}
    code, failed, output = run_layer(("wrong-version",), extra_env=other)
    assert code == 1 and any("test_deployed_version" in line for line in failed), output
