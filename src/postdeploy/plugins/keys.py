"""What the plugin modules share: the run's stash keys and the one accessor for the target profile.

Hooks (parametrization, the destructive gate) and tests read the profile the same way: through the
`target_profile` fixture visible where they are. A team that overrides that fixture in a conftest
(`def target_profile(target_profile): return target_profile.model_copy(...)`) changes both.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

import pytest

from postdeploy.profile import TargetProfile
from postdeploy.redact import Redactor

ACTIVE_KEY = pytest.StashKey[bool]()
PROFILE_KEY = pytest.StashKey[TargetProfile]()
ENV_KEY = pytest.StashKey[dict[str, str]]()
REDACTOR_KEY = pytest.StashKey[Redactor]()
LAYERS_KEY = pytest.StashKey[frozenset[str]]()  # the layers `-m` can select (postdeploy.layer_selection)
_OVERRIDES_KEY = pytest.StashKey[dict[int, TargetProfile]]()
# Fixtures an override of target_profile may take and the plugin can give at collection time.
_COLLECTION_ARGS = ("target_profile", "pytestconfig")


def active(config: pytest.Config) -> bool:
    """Whether this pytest run is a postdeploy run (see postdeploy.plugin)."""
    return config.stash.get(ACTIVE_KEY, False)


def loaded_profile(config: pytest.Config) -> TargetProfile:
    """The profile the run loaded (--target, POSTDEPLOY_TARGET, the pytest setting, or generic)."""
    return config.stash[PROFILE_KEY]


def run_env(config: pytest.Config) -> Mapping[str, str]:
    """The process environment over `.env`."""
    env: dict[str, str] = config.stash[ENV_KEY]
    return env


def redactor_of(config: pytest.Config) -> Redactor:
    return config.stash[REDACTOR_KEY]


def profile_for(node: pytest.Item | pytest.Metafunc) -> TargetProfile:
    """The target profile as the `target_profile` fixture gives it where `node` is."""
    config = node.config
    definition = node.definition if isinstance(node, pytest.Metafunc) else node
    defs = definition.session._fixturemanager.getfixturedefs("target_profile", definition)
    if not defs:
        return loaded_profile(config)
    return _evaluate(list(defs), len(defs) - 1, config)


def _evaluate(defs: list[Any], index: int, config: pytest.Config) -> TargetProfile:
    fixturedef = defs[index]
    if index == 0:  # the plugin's own definition (nothing overrides what comes first)
        return loaded_profile(config)
    cache = config.stash.setdefault(_OVERRIDES_KEY, {})
    if id(fixturedef) in cache:
        return cache[id(fixturedef)]
    kwargs: dict[str, Any] = {}
    for name in fixturedef.argnames:
        if name not in _COLLECTION_ARGS:
            raise pytest.UsageError(
                f"target_profile is overridden in {fixturedef.baseid or 'a plugin'} with a fixture that takes "
                f"{name!r}: postdeploy reads the profile while collecting, so an override may take only "
                f"{' and '.join(_COLLECTION_ARGS)}"
            )
        kwargs[name] = config if name == "pytestconfig" else _evaluate(defs, index - 1, config)
    result = fixturedef.func(**kwargs)
    if inspect.isgenerator(result):
        result = next(result)
    if not isinstance(result, TargetProfile):
        raise pytest.UsageError(f"the target_profile override in {fixturedef.baseid} gave {type(result).__name__}")
    cache[id(fixturedef)] = result
    return result
