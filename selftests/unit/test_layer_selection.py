from __future__ import annotations

import pytest

from postdeploy.layer_selection import selected_layers

ALL = {"smoke", "security", "e2e", "perf"}


@pytest.mark.parametrize(
    ("expression", "layers"),
    [
        (None, ALL),
        ("", ALL),
        ("smoke", {"smoke"}),
        ("smoke or security", {"smoke", "security"}),
        ("(smoke or perf) and not destructive", {"smoke", "perf"}),
        ("not e2e", {"smoke", "security", "perf"}),
        ("not (e2e or perf)", {"smoke", "security"}),
        ("destructive", ALL),  # any layer may hold a destructive check
        ("security and destructive", {"security"}),
        ("my_team_marker", ALL),
        ("e2e and not e2e", set()),
        ("smoke and (", ALL),  # pytest itself reports a malformed expression
    ],
)
def test_a_layer_is_left_out_only_when_none_of_its_checks_can_match(expression: str | None, layers: set[str]) -> None:
    assert selected_layers(expression) == layers
