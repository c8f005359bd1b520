"""The faults switched on for one run of the demo, asked by name: `faults.on("health-503")`."""

from __future__ import annotations

from collections.abc import Iterable


class ActiveFaults:
    """The set of faults this demo was started with. Unknown names are rejected at start (cli)."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._names = frozenset(names)

    def on(self, name: str) -> bool:
        return name in self._names

    def __bool__(self) -> bool:
        return bool(self._names)

    def __repr__(self) -> str:
        return f"ActiveFaults({sorted(self._names)!r})"
