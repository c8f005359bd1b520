"""Lighthouse CI's assertion presets (`lighthouse:recommended`, …) and the way `lhci assert` applies them.

The lists are Lighthouse CI's own, generated from `@lhci/utils` into `postdeploy/data/lhci_presets.json`
(`node bench/lhci-oracle/gen_presets.js`); the merge below is its lodash-style `merge`, quirks included.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["PRESET_NAMES", "lhci_known_audits", "lhci_merge", "preset_assertions", "presets_version", "resolve_preset"]

PRESET_NAMES = ("lighthouse:all", "lighthouse:recommended", "lighthouse:no-pwa")
_PRESET_PATTERN = re.compile(r"lighthouse:(.*)$")


@cache
def _data() -> dict[str, Any]:
    text = resources.files("postdeploy").joinpath("data", "lhci_presets.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def presets_version() -> str:
    """The Lighthouse CI version the preset lists were generated from."""
    return str(_data()["lhci_version"])


def preset_assertions(name: str) -> dict[str, Any]:
    """A fresh copy of one preset's assertions (KeyError for an unknown name)."""
    return copy.deepcopy(_data()["presets"][name]["assertions"])


@cache
def lhci_known_audits() -> frozenset[str]:
    """The audits Lighthouse CI calls known: `lighthouse:all`'s keys (its "is not a known audit" test)."""
    return frozenset(_data()["presets"]["lighthouse:all"]["assertions"])


def lhci_merge(base: Any, top: Any) -> Any:
    """Lighthouse CI's `_.merge`: objects merge key by key, arrays element by element, anything else replaces.

    So `["error", {"minScore": 0.5}]` over a preset's `["warn", {"maxLength": 0}]` gives
    `["error", {"maxLength": 0, "minScore": 0.5}]`, while a bare `"error"` replaces the preset's entry.
    `base` is changed in place (and returned) when it is a list or a dict, as in lodash.
    """
    if isinstance(base, list):
        if not isinstance(top, list):
            return top
        for i, item in enumerate(top):
            if i < len(base):
                base[i] = lhci_merge(base[i], item)
            else:
                base.append(item)
        return base
    if isinstance(base, dict):
        if not isinstance(top, dict):
            return top
        for key in top:
            base[key] = lhci_merge(base[key], top[key]) if key in base else top[key]
        return base
    return top


def resolve_preset(options: Mapping[str, Any]) -> dict[str, Any]:
    """One assert option set with its `preset` expanded, as `lhci assert` resolves it before asserting.

    Raises KeyError naming the preset when it is not one Lighthouse CI ships (lhci fails there too).
    """
    rest = {key: value for key, value in options.items() if key != "preset"}
    preset = options.get("preset") or ""
    match = _PRESET_PATTERN.search(str(preset))
    if not match:
        # lhci ignores a preset string without `lighthouse:`; config validation refuses it earlier.
        return rest
    name = f"lighthouse:{match.group(1)}"
    if name not in PRESET_NAMES:
        raise KeyError(name)
    merged: dict[str, Any] = lhci_merge({"assertions": preset_assertions(name)}, copy.deepcopy(rest))
    return merged
