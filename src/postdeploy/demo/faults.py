"""The demo's fault catalogue: named faults switchable at start, each with the check that must catch it.

Each layer's faults live in their own module (`postdeploy.demo.catalogue.<layer>`) so layers grow
independently; this module merges them and validates names.
"""

from __future__ import annotations

import json

from postdeploy.demo.catalogue import ALL
from postdeploy.demo.catalogue.fault import Fault

__all__ = ["Fault", "as_json", "catalogue", "validate"]


def catalogue() -> dict[str, Fault]:
    """Every fault by name, in layer order."""
    faults: dict[str, Fault] = {}
    for fault in ALL:
        if fault.name in faults:
            raise ValueError(f"duplicate fault name {fault.name!r}")
        faults[fault.name] = fault
    return faults


def validate(names: list[str]) -> frozenset[str]:
    """The given fault names, or ValueError naming the unknown one and listing the known ones."""
    known = catalogue()
    for name in names:
        if name not in known:
            raise ValueError(f"unknown fault {name!r}; known faults: {', '.join(known)}")
    return frozenset(names)


def as_json() -> str:
    return json.dumps([f.as_dict() for f in catalogue().values()], indent=2)
