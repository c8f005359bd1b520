"""Lighthouse CI's own assertion and budget-conversion cases, with the verdicts Lighthouse CI 0.15 gives.

The inputs are ported from `packages/utils/test/assertions.test.js` and `budgets-converter.test.js`;
`selftests/data/lhci_cases.json` holds them with the expected results produced by the real
`@lhci/utils` (regenerate with `node bench/lhci-oracle/gen_cases.js`); presets and lighthouserc
files are in `lhci_preset_cases.json` (`node bench/lhci-oracle/gen_preset_cases.js`).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from postdeploy.budgets import assert_lhrs, budgets_to_assert_matrix, load_assertions, parse_budgets, path_pattern
from postdeploy.budgets.assertions import AssertionSetupError
from postdeploy.budgets.presets import presets_version

CASES = json.loads((Path(__file__).parents[1] / "data" / "lhci_cases.json").read_text(encoding="utf-8"))
COMPARED = ("url", "auditId", "auditProperty", "name", "operator", "expected", "actual", "values", "passed", "level")


def _comparable(result: dict[str, Any]) -> dict[str, Any]:
    def norm(value: Any) -> Any:
        if value == "NaN" or (isinstance(value, float) and math.isnan(value)):
            return "NaN"
        if isinstance(value, list):
            return [norm(v) for v in value]
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    return {key: norm(result[key]) for key in COMPARED if key in result}


@pytest.mark.parametrize("case", CASES["assertions"], ids=[c["name"] for c in CASES["assertions"]])
def test_assertion_case(case: dict[str, Any]) -> None:
    results = [r.as_lhci() for r in assert_lhrs(case["options"], case["lhrs"])]
    assert [_comparable(r) for r in results] == [_comparable(r) for r in case["expected"]]


@pytest.mark.parametrize("case", CASES["budgets"], ids=[c["name"] for c in CASES["budgets"]])
def test_budget_case(case: dict[str, Any]) -> None:
    options = budgets_to_assert_matrix(parse_budgets(case["budgets"]))
    results = [r.as_lhci() for r in assert_lhrs(options, case["lhrs"])]
    assert [_comparable(r) for r in results] == [_comparable(r) for r in case["expected"]]


def test_budgets_convert_to_the_same_assert_matrix() -> None:
    budgets = parse_budgets(
        [
            {
                "resourceSizes": [{"resourceType": "script", "budget": 123}, {"resourceType": "image", "budget": 456}],
                "resourceCounts": [
                    {"resourceType": "total", "budget": 100},
                    {"resourceType": "third-party", "budget": 10},
                ],
            },
            {"path": "/second-path", "resourceSizes": [{"resourceType": "script", "budget": 1000}]},
        ]
    )
    assert budgets_to_assert_matrix(budgets) == CASES["conversions"][0]["expected"]


@pytest.mark.parametrize("case", CASES["paths"], ids=[f"{c['path']} ~ {c['url']}" for c in CASES["paths"]])
def test_path_expression(case: dict[str, Any]) -> None:
    pattern = path_pattern(case["path"])
    assert pattern == case["pattern"]
    assert (re.search(pattern, case["url"]) is not None) is case["matches"]


def test_assert_matrix_with_other_options_is_refused() -> None:
    with pytest.raises(AssertionSetupError):
        assert_lhrs({"assertMatrix": [], "matchingUrlPattern": "", "assertions": {"x": "error"}}, [])


def test_passed_assertions_are_kept_on_request() -> None:
    lhrs = CASES["assertions"][1]["lhrs"]
    options = CASES["assertions"][1]["options"]
    results = assert_lhrs(options, lhrs, include_passed=True)
    assert [(r.audit_id, r.passed) for r in results] == [
        ("first-contentful-paint", True),
        ("network-requests", True),
    ]


# -- presets and lighthouserc files (bench/lhci-oracle/gen_preset_cases.js) ---------------------------

PRESET_CASES = json.loads((Path(__file__).parents[1] / "data" / "lhci_preset_cases.json").read_text(encoding="utf-8"))


def _lhrs(case: dict[str, Any]) -> list[dict[str, Any]]:
    lhrs: list[dict[str, Any]] = PRESET_CASES["lhr_sets"][case["lhrs"]]
    return lhrs


@pytest.mark.parametrize("case", PRESET_CASES["presets"], ids=[c["name"] for c in PRESET_CASES["presets"]])
def test_preset_case(case: dict[str, Any]) -> None:
    results = [r.as_lhci() for r in assert_lhrs(case["options"], _lhrs(case))]
    assert [_comparable(r) for r in results] == [_comparable(r) for r in case["expected"]]


@pytest.mark.parametrize("case", PRESET_CASES["rc_files"], ids=[c["name"] for c in PRESET_CASES["rc_files"]])
def test_lighthouserc_case(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if case["rc"].endswith((".yml", ".yaml")):
        pytest.importorskip("yaml")
    for name, text in case["files"].items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    options = load_assertions(tmp_path / case["rc"])
    results = [r.as_lhci() for r in assert_lhrs(options, _lhrs(case))]
    assert [_comparable(r) for r in results] == [_comparable(r) for r in case["expected"]]


def test_preset_cases_come_from_the_shipped_lhci_version() -> None:
    assert PRESET_CASES["lhci_version"] == presets_version()
