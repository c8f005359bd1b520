"""Which layers a `-m` expression can select, so a run imports and collects only those layers.

`pytest -m smoke` used to collect every layer's checks and deselect all but smoke: importing the
e2e flows, the Lighthouse runner and the security analyzers for nothing. A layer is left out only
when no test of it can match: its folder's marker true, the other layers' false, and every other
word of the expression (`destructive`, a team's own markers) tried both ways.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from postdeploy.layers import PYTEST_LAYERS

_OPERATORS = frozenset({"and", "or", "not", "True", "False"})
# Beyond this many other words, trying every assignment costs more than it saves: keep every layer.
_MAX_OTHER_WORDS = 8


def marked_with(marks: frozenset[str]) -> Callable[..., bool]:
    """A matcher for pytest's Expression: a test carrying exactly `marks`."""

    def matches(name: str, /, **_: object) -> bool:
        return name in marks

    return matches


def selected_layers(expression: str | None) -> frozenset[str]:
    """The pytest layers whose checks `-m expression` may select (all of them when in doubt)."""
    everything = frozenset(PYTEST_LAYERS)
    if not expression or not expression.strip():
        return everything
    # pytest's own parser, as `-m` uses it: `_pytest` has no public one.
    from _pytest.mark.expression import Expression

    try:
        compiled = Expression.compile(expression)
    except Exception:  # pytest reports a bad expression itself, in its own words
        return everything
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_.\-]*", expression)) - _OPERATORS - everything
    if len(words) > _MAX_OTHER_WORDS:
        return everything
    others = sorted(words)
    selected = set()
    for layer in PYTEST_LAYERS:
        for values in itertools.product((False, True), repeat=len(others)):
            marked = frozenset({layer, *(word for word, on in zip(others, values, strict=True) if on)})
            if compiled.evaluate(marked_with(marked)):
                selected.add(layer)
                break
    return frozenset(selected)
