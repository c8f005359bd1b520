"""`postdeploy doctor`: one line per item, a fix for each problem, exit 1 when something required is
missing, env vars by name only."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from selftests.report.target_server import running_target

PROFILE = """
name = "doctor-check"
environment = "staging"

[e2e]
enabled = true
username_env = "DOCTOR_TEST_EMAIL"
password_env = "DOCTOR_TEST_PASSWORD"
"""
SECRET = "doctor-secret-value-4242"


@pytest.fixture(scope="module")
def target() -> Iterator[str]:
    with running_target() as base_url:
        yield base_url


def doctor(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DOCTOR_", "PYTEST_BASE_URL", "POSTDEPLOY_"))}
    return subprocess.run(
        [sys.executable, "-m", "postdeploy", "doctor", *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=180,
    )


def lines(done: subprocess.CompletedProcess[str]) -> dict[str, str]:
    return {line.split()[1]: line for line in done.stdout.splitlines() if not line.startswith("doctor:")}


def test_ready_environment(tmp_path: Path, target: str) -> None:
    (tmp_path / "site.toml").write_text(PROFILE)
    done = doctor(
        tmp_path, "--base-url", target, "--target", "site.toml", "--layers", "smoke,e2e,report",
        DOCTOR_TEST_EMAIL="pilot@example.test", DOCTOR_TEST_PASSWORD=SECRET,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    found = lines(done)
    for item in ("python", "chromium", "node", "allure", "profile", "private-ca", "target"):
        assert found[item].startswith("ok"), found[item]
    # Not required (a warning, exit 0): the version check wants to know what was deployed.
    assert found["env"].startswith("warn")
    assert "not set: POSTDEPLOY_EXPECTED_VERSION" in found["env"]
    assert "launches headless" in found["chromium"]
    assert "answered HTTP 200" in found["target"]
    assert "DOCTOR_TEST_PASSWORD" in found["env"]
    assert SECRET not in done.stdout + done.stderr


def test_missing_pieces_each_get_a_fix(tmp_path: Path) -> None:
    from postdeploy.demo.launch import free_port

    (tmp_path / "site.toml").write_text(PROFILE)
    done = doctor(
        tmp_path, "--base-url", f"http://127.0.0.1:{free_port()}", "--target", "site.toml",
        "--chromium", str(tmp_path / "no-chromium"), "--layers", "e2e",
    )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    found = lines(done)
    assert found["chromium"].startswith("FAIL")
    assert "apt-get install chromium" in found["chromium"]
    assert found["target"].startswith("FAIL")
    assert "connection refused" in found["target"]
    assert found["env"].startswith("FAIL")
    assert "DOCTOR_TEST_EMAIL, DOCTOR_TEST_PASSWORD" in found["env"]
    assert all("→ fix:" in line for line in found.values() if line.startswith("FAIL"))
    assert done.stdout.splitlines()[-1].startswith("doctor: 3 required item(s) missing")


def test_bad_profile_and_no_node(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('name = "x"\nno_such_key = 1\n')
    empty = tmp_path / "bin"
    empty.mkdir()
    done = doctor(tmp_path, "--target", "site.toml", "--layers", "perf", PATH=str(empty))
    assert done.returncode == 1
    found = lines(done)
    assert found["profile"].startswith("FAIL")
    assert "no_such_key: unknown key" in found["profile"]
    assert found["node"].startswith("FAIL")
    assert "install Node.js 20" in found["node"]
    assert found["lighthouse"].startswith("FAIL")


def test_a_private_ca_is_checked_and_used_to_reach_the_target(tmp_path: Path) -> None:
    from selftests.demo_server import running_demo

    (tmp_path / "site.toml").write_text('name = "private"\nenvironment = "staging"\n')
    args = ("--target", "site.toml", "--layers", "smoke,e2e")
    with running_demo(https=True) as demo:
        ca = demo.env["POSTDEPLOY_CA_BUNDLE"]
        trusted = doctor(tmp_path, "--base-url", demo.base_url, *args, POSTDEPLOY_CA_BUNDLE=ca)
        untrusted = doctor(tmp_path, "--base-url", demo.base_url, *args)
    found = lines(trusted)
    assert trusted.returncode == 0, trusted.stdout + trusted.stderr
    assert "1 certificate(s)" in found["private-ca"] and "NSS database" in found["private-ca"]
    assert "answered HTTP 200" in found["target"]
    assert lines(untrusted)["target"].startswith("FAIL") and "certificate" in lines(untrusted)["target"]

    missing = doctor(tmp_path, *args, POSTDEPLOY_CA_BUNDLE=str(tmp_path / "nowhere.pem"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert lines(missing)["private-ca"].startswith("FAIL")
    assert "nowhere.pem cannot be read" in lines(missing)["private-ca"]


def test_unknown_layer_is_a_usage_error(tmp_path: Path) -> None:
    done = doctor(tmp_path, "--layers", "smoke,lod")
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == "postdeploy doctor: unknown layer 'lod' (choose from smoke, security, e2e, perf, load, report)"
    )
