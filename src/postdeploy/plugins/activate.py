"""Turning a pytest run into a postdeploy run: the profile and environment loaded once, the redactor
primed with every secret the profile names, and the shipped checks added to the collection."""

from __future__ import annotations

from pathlib import Path

import pytest

from postdeploy.plugins.keys import ACTIVE_KEY, ENV_KEY, LAYERS_KEY, PROFILE_KEY, REDACTOR_KEY
from postdeploy.profile import ProfileError, TargetProfile, load_profile, merged_environment
from postdeploy.redact import Redactor, secret_values
from postdeploy.suite_path import suite_dir


def activate(config: pytest.Config, target: str | None, layers: frozenset[str]) -> None:
    """Load `target` (None: the built-in generic profile); a bad profile is one line, exit 4.
    `layers`: the layers `-m` can select; the shipped checks of the others are not collected."""
    env = merged_environment()
    try:
        profile = load_profile(target, env=env)
    except ProfileError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[ACTIVE_KEY] = True
    config.stash[PROFILE_KEY] = profile
    config.stash[ENV_KEY] = env
    config.stash[REDACTOR_KEY] = Redactor(secret_values(env, secret_env_names(profile)))
    config.stash[LAYERS_KEY] = layers
    add_shipped_checks(config)


def secret_env_names(profile: TargetProfile) -> list[str]:
    """Env vars whose values are secrets by the profile's say-so (others are caught by their names)."""
    access = profile.access
    names = [profile.e2e.password_env, profile.security.webhook_secret_env, access.authorization_env]
    return [*names, access.vercel_bypass_env, *access.headers.values()]


def add_shipped_checks(config: pytest.Config) -> None:
    """Collect the shipped checks next to the project's own tests when pytest was run without
    paths (its testpaths or the current folder), unless the project turned them off. A run given
    paths (`pytest tests/test_mine.py`) collects just those, as pytest always does."""
    suite = suite_dir()
    if suite is None or not config.getini("postdeploy_builtin_checks"):
        return
    if config.args_source == pytest.Config.ArgsSource.ARGS:
        return
    given = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    if any(suite == path or suite.is_relative_to(path) or path.is_relative_to(suite) for path in given):
        return  # this repository, whose tests/ are the shipped checks
    config.args.append(str(suite))
