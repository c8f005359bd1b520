"""The demo's fault catalogue: named faults switchable at start, each with the check that must catch it.

Each layer's faults live in their own module (`postdeploy.demo.catalogue.<layer>`) so layers grow
independently; this module merges them and validates names.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Fault:
    name: str
    layer: str  # the marker whose run must catch it: smoke, security, e2e, perf, load
    breaks: str  # what goes wrong on the demo, in words
    check: str  # the test that must fail: a substring of its pytest node id (or the load SLA gate)
    tls: bool = False  # served by the HTTPS variant of the demo
    # Related checks that may fail too without counting as collateral (e.g. a missing CSP also
    # lowers the grade). Anything failing outside `check` and `also` is an unrelated failure.
    also: tuple[str, ...] = ()
    # A regression fault passes every absolute check; only the deploy-over-deploy gate, comparing
    # with a baseline of the healthy demo, catches it. `check` and `also` then name gate metrics.
    baseline: bool = False

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def catalogue() -> dict[str, Fault]:
    """Every fault by name, in layer order."""
    from postdeploy.demo.catalogue import ALL

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
