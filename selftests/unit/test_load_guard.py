"""Guard rails: allowlisted host, production opt-in, bounded users and duration."""

from __future__ import annotations

import pytest

from postdeploy.load.config import Shape, Stage
from postdeploy.load.guard import Refused, check_guard_rails, destructive_allowed
from postdeploy.profile import TargetProfile, load_profile

SHAPE = Shape(stages=[Stage(users=10, spawn_rate=5, duration=30)])


def profile(environment: str = "local", **load: object) -> TargetProfile:
    return load_profile(None, env={}, cli_overrides={"environment": environment, "load": load})


def test_local_allowlisted_host_passes() -> None:
    check_guard_rails("http://127.0.0.1:8000", profile(), "s", SHAPE, {})


@pytest.mark.parametrize(
    ("host", "env", "message"),
    [
        (None, {}, "no target"),
        ("ftp://127.0.0.1", {}, "not an http"),
        ("https://example.com", {}, "not in the load allowlist"),
    ],
)
def test_refusals_are_one_line(host: str | None, env: dict[str, str], message: str) -> None:
    with pytest.raises(Refused, match=message) as caught:
        check_guard_rails(host, profile(), "s", SHAPE, env)
    assert "\n" not in str(caught.value)


def test_env_extends_the_allowlist() -> None:
    env = {"POSTDEPLOY_LOAD_ALLOWED_HOSTS": "staging.example.com, other.test"}
    check_guard_rails("https://staging.example.com", profile(), "s", SHAPE, env)


def test_production_needs_the_flag() -> None:
    with pytest.raises(Refused, match="--allow-production"):
        check_guard_rails("http://127.0.0.1", profile("production"), "s", SHAPE, {})
    check_guard_rails("http://127.0.0.1", profile("production"), "s", SHAPE, {}, allow_production=True)


def test_users_and_duration_are_bounded() -> None:
    with pytest.raises(Refused, match="up to 10 users, above the bound of 5"):
        check_guard_rails("http://127.0.0.1", profile(max_users=5), "s", SHAPE, {})
    with pytest.raises(Refused, match="lasts 30 s, above the bound of 20 s"):
        check_guard_rails("http://127.0.0.1", profile(max_duration_s=20), "s", SHAPE, {})


def test_destructive_users_need_opt_in_on_production_only() -> None:
    assert destructive_allowed(profile("staging"), False)
    assert not destructive_allowed(profile("production"), False)
    assert destructive_allowed(profile("production"), True)
