"""The app's fault catalogue (targets/nextjs-app/faults.json) names real layers and product checks."""

from __future__ import annotations

import json
from pathlib import Path

from selftests.nextjs_target import APP_DIR

TESTS = Path(__file__).resolve().parents[2] / "tests"
LAYERS = ("smoke", "security", "e2e", "perf", "load")


def test_every_fault_names_a_layer_and_a_product_check() -> None:
    faults = json.loads((APP_DIR / "faults.json").read_text())["faults"]
    assert len({f["name"] for f in faults}) == len(faults) >= 10
    assert {f["layer"] for f in faults} == set(LAYERS)
    for fault in faults:
        if fault["layer"] == "load":
            assert fault["check"] == "sla-gate", fault["name"]
            continue
        file, _, test = fault["check"].removeprefix(f"tests/{fault['layer']}/").partition("::")
        source = TESTS / fault["layer"] / file
        assert source.is_file(), f"{fault['name']}: no {source}"
        name = test.split("[")[0]
        # A check the product does not have yet is named for the generalization work, with a note.
        assert f"def {name}(" in source.read_text() or "note" in fault, f"{fault['name']}: no {name} in {file}"
