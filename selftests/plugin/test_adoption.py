"""postdeploy installed in someone else's environment: inert in a foreign project, the shipped checks
collected in a team's project, and the profile overridable in a conftest (hooks follow the fixture)."""

from __future__ import annotations

import http.server
from collections.abc import Iterator

import pytest

from selftests.local_server import serving

pytest_plugins = ["pytester"]

FOREIGN_INI = """[pytest]
addopts = --strict-markers
markers =
    smoke: the project's own quick tests
"""
FOREIGN_TESTS = """
import os
import pytest

@pytest.mark.smoke
def test_marked_smoke():
    assert "PLANTED_BY_DOTENV" not in os.environ

def test_plain():
    assert True

def test_launch_args_untouched(browser_type_launch_args):
    assert "executable_path" not in browser_type_launch_args
"""


class _Site(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><head><title>shop</title></head><body>ok</body></html>"
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serving(_Site) as url:
        yield url


def _outcomes(result: pytest.RunResult) -> tuple[int, dict[str, int]]:
    return int(result.ret), result.parseoutcomes()


@pytest.mark.parametrize("args", [(), ("-m", "smoke"), ("--browser", "firefox")], ids=["plain", "-m smoke", "firefox"])
def test_a_foreign_project_runs_the_same_with_and_without_postdeploy(
    pytester: pytest.Pytester, args: tuple[str, ...]
) -> None:
    pytester.makeini(FOREIGN_INI)
    pytester.makepyfile(test_foreign=FOREIGN_TESTS)
    pytester.path.joinpath(".env").write_text("PLANTED_BY_DOTENV=1\n")
    with_postdeploy = pytester.runpytest_subprocess(*args)
    without = pytester.runpytest_subprocess("-p", "no:postdeploy", *args)
    assert _outcomes(with_postdeploy) == _outcomes(without), with_postdeploy.stdout.str()
    assert _outcomes(with_postdeploy)[0] == 0


def test_a_team_project_collects_the_shipped_checks_beside_its_own(pytester: pytest.Pytester, site: str) -> None:
    pytester.makeini("[pytest]\npostdeploy_target = generic\n")
    pytester.makepyfile(
        test_team="""
import pytest

@pytest.mark.smoke
def test_home_says_shop(http, target_profile, evidence):
    response = http.get("/")
    evidence.response(response)
    assert target_profile.name == "generic" and "shop" in response.text
"""
    )
    result = pytester.runpytest_subprocess("-m", "smoke", f"--base-url={site}", "-p", "no:randomly", "-rA")
    shipped = "*PASSED *smoke/test_pages.py::test_critical_page?/?"
    result.stdout.fnmatch_lines(["*PASSED test_team.py::test_home_says_shop*", shipped])
    assert result.ret in (0, 1)  # the shipped checks judge the toy site as they would any other
    only_mine = pytester.runpytest_subprocess("test_team.py", "-m", "smoke", f"--base-url={site}")
    only_mine.assert_outcomes(passed=1)  # paths given: exactly those, as pytest always does


def test_overriding_target_profile_in_a_conftest_changes_hooks_and_tests(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\npostdeploy_target = generic\npostdeploy_builtin_checks = false\n")
    pytester.makeconftest(
        """
import pytest
from postdeploy.profile import PageSpec

@pytest.fixture(scope="session")
def target_profile(target_profile):
    return target_profile.model_copy(update={"environment": "staging", "pages": [PageSpec(path="/pricing")]})
"""
    )
    pytester.makepyfile(
        test_override="""
import pytest

def test_page(page_spec, target_profile):
    assert page_spec.path == "/pricing" and target_profile.environment == "staging"

@pytest.mark.destructive
def test_writes(target_profile):
    assert target_profile.environment == "staging"
"""
    )
    result = pytester.runpytest_subprocess("-v")
    # page_spec is parametrized from the override; the destructive gate saw staging, not production.
    result.stdout.fnmatch_lines(["*test_page?/pricing? PASSED*", "*test_writes PASSED*"])
    result.assert_outcomes(passed=2)
