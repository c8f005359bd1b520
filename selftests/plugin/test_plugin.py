"""The pytest plugin as a user meets it: options, profile errors, the safety gate, one-line failures.

pytester in subprocess mode, the plugin loaded by its entry point, a real local HTTP server. Each
project turns postdeploy on with the pytest setting `postdeploy init` writes, without the shipped
checks (they have their own tests: selftests/plugin/test_adoption.py).
"""

from __future__ import annotations

import http.server
from collections.abc import Iterator

import pytest

from selftests.local_server import serving

pytest_plugins = ["pytester"]

SMOKE_TEST = """
import pytest

@pytest.mark.smoke
def test_home(http):
    assert http.get("/").status_code == 200
"""

DESTRUCTIVE_TEST = """
import pytest

@pytest.mark.destructive
def test_writes(target_profile):
    assert target_profile.environment == "production"
"""


class _Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(autouse=True)
def postdeploy_project(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\npostdeploy_target = generic\npostdeploy_builtin_checks = false\n")


@pytest.fixture(scope="module")
def local_site() -> Iterator[str]:
    with serving(_Ok) as url:
        yield url


def test_check_passes_against_a_real_site(pytester: pytest.Pytester, local_site: str) -> None:
    pytester.makepyfile(SMOKE_TEST)
    result = pytester.runpytest_subprocess(f"--base-url={local_site}", "-m", "smoke")
    result.assert_outcomes(passed=1)


def test_unreachable_target_is_one_line_failure(pytester: pytest.Pytester) -> None:
    from postdeploy.demo.launch import free_port

    pytester.makepyfile(SMOKE_TEST)
    result = pytester.runpytest_subprocess(f"--base-url=http://127.0.0.1:{free_port()}")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*connection refused: http://127.0.0.1:*"])
    assert "Traceback" not in result.stdout.str()


def test_malformed_profile_is_one_line_usage_error(pytester: pytest.Pytester, local_site: str) -> None:
    pytester.makepyfile(SMOKE_TEST)
    pytester.path.joinpath("bad.toml").write_text('name = "x"\n[[pages]]\npath = "/"\nstatus = "two hundred"\n')
    result = pytester.runpytest_subprocess(f"--base-url={local_site}", "--target=bad.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: profile bad.toml: pages.0.status: Input should be a valid integer*"])
    assert "Traceback" not in result.stderr.str()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "*the file is empty*"),
        ("name = [", "*not valid TOML*"),
        ('name = "x"\nhelth = {}\n', "*helth: unknown key*"),
        ('environment = "prod"\n', "*environment: Input should be 'production', 'staging', 'preview' or 'local'*"),
    ],
    ids=["empty", "malformed", "unknown-key", "bad-environment"],
)
def test_bad_profiles(pytester: pytest.Pytester, local_site: str, content: str, message: str) -> None:
    pytester.makepyfile(SMOKE_TEST)
    pytester.path.joinpath("p.toml").write_text(content)
    result = pytester.runpytest_subprocess(f"--base-url={local_site}", "--target=p.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_unknown_marker_is_a_usage_error(pytester: pytest.Pytester, local_site: str) -> None:
    pytester.makepyfile(SMOKE_TEST)
    result = pytester.runpytest_subprocess(f"--base-url={local_site}", "-m", "smok")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: unknown marker 'smok' in -m 'smok'*"])


def test_base_url_without_scheme_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SMOKE_TEST)
    result = pytester.runpytest_subprocess("--base-url=staging.example.com")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*not an absolute http(s) URL (did you mean https://staging.example.com?)*"])


def test_missing_base_url_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SMOKE_TEST)
    result = pytester.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*no target: pass --base-url*"])


def test_destructive_tests_skip_on_production(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(DESTRUCTIVE_TEST)
    pytester.path.joinpath("prod.toml").write_text('name = "shop"\nenvironment = "production"\n')
    result = pytester.runpytest_subprocess("--target=prod.toml", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*target 'shop' is production (pass --allow-destructive to opt in)*"])


def test_destructive_tests_run_with_opt_in(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(DESTRUCTIVE_TEST)
    pytester.path.joinpath("prod.toml").write_text('name = "shop"\nenvironment = "production"\n')
    result = pytester.runpytest_subprocess("--target=prod.toml", "--allow-destructive")
    result.assert_outcomes(passed=1)


def test_env_overrides_profile(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makepyfile(DESTRUCTIVE_TEST)
    pytester.path.joinpath("stage.toml").write_text('name = "shop"\nenvironment = "staging"\n')
    monkeypatch.setenv("POSTDEPLOY_ENVIRONMENT", "production")
    result = pytester.runpytest_subprocess("--target=stage.toml")
    result.assert_outcomes(skipped=1)


def test_wait_ready_polls_until_healthy(pytester: pytest.Pytester, local_site: str) -> None:
    pytester.makepyfile(SMOKE_TEST)
    result = pytester.runpytest_subprocess(f"--base-url={local_site}", "--wait-ready=5")
    result.assert_outcomes(passed=1)
    result.stderr.fnmatch_lines(["postdeploy: * ready after 1 poll(s)"])
