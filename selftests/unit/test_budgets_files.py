"""Budget files: Lighthouse's budget.json rules and LHCI assertion files, each mistake one clear line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from postdeploy.budgets import BudgetError, load_assertions, load_budgets, parse_budgets


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"path": "/"}, "not defined as an array of budgets"),
        ([{"paths": "/"}], "unrecognized properties: [paths]"),
        ([{"resourceSizes": [{"resourceType": "scripts", "budget": 1}]}], "invalid resource type 'scripts'"),
        ([{"resourceCounts": [{"resourceType": "font", "budget": "1"}]}], "invalid budget '1'"),
        ([{"timings": [{"metric": "lcp", "budget": 2500}]}], "invalid timing metric 'lcp'"),
        (
            [{"timings": [{"metric": "interactive", "budget": 1, "tolerance": 2}]}],
            "unrecognized properties: [tolerance]",
        ),
        ([{"resourceSizes": {"script": 1}}], "invalid resourceSizes entry"),
        (
            [{"resourceSizes": [{"resourceType": "font", "budget": 1}, {"resourceType": "font", "budget": 2}]}],
            "duplicate entry of type 'font'",
        ),
        ([{"path": "browse"}], "Path should start with '/'"),
        ([{"path": "/a*b*"}], "only contain one '*'"),
        ([{"path": "/a$b"}], "'$' character should only occur at end of path"),
        ([{"path": "/a$$"}], "only contain one '$'"),
        ([{"options": {"firstPartyHostnames": ["a.com/b"]}}], "not a valid hostname"),
        ([{"options": {"firstPartyHostnames": ["*.a.com", "b.*.com"]}}], "'b.*.com' is not a valid hostname"),
        ([{"options": []}], "invalid options property"),
    ],
)
def test_invalid_budget_is_one_clear_line(data: Any, message: str) -> None:
    with pytest.raises(BudgetError) as error:
        parse_budgets(data, "budgets.json")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_valid_budget_keeps_kib_and_path() -> None:
    budgets = parse_budgets(
        [
            {
                "path": "/browse*",
                "options": {"firstPartyHostnames": ["*.skymarket.test"]},
                "timings": [{"metric": "largest-contentful-paint", "budget": 2500}],
                "resourceSizes": [{"resourceType": "script", "budget": 150}],
            }
        ]
    )
    assert budgets[0].path == "/browse*"
    assert budgets[0].resource_sizes == (("script", 150.0),)
    assert budgets[0].first_party_hostnames == ("*.skymarket.test",)


def _write(tmp_path: Path, data: Any, name: str = "assertions.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "not valid JSON"),
        ([1, 2], "expected a JSON object"),
        ({"assertions": {"largest-contentful-pain": "error"}}, "unknown audit id 'largest-contentful-pain'"),
        ({"assertions": {"largest-contentful-pain": "error"}}, "did you mean 'largest-contentful-paint'"),
        ({"assertions": {"categories:speed": "error"}}, "unknown category"),
        ({"assertions": {"resource-summary:script": "error"}}, "resource-summary:<type>:size|count"),
        ({"assertions": {"resource-summary:scripts:size": "error"}}, "resource-summary:<type>:size|count"),
        ({"assertions": {"interactive": "fatal"}}, "unknown level 'fatal'"),
        ({"assertions": {"interactive": ["error", {"maxNumericValu": 1}]}}, "unknown option 'maxNumericValu'"),
        ({"assertions": {"interactive": ["error", {"maxNumericValue": "1s"}]}}, "should be a number"),
        ({"assertions": {"interactive": ["error", {"aggregationMethod": "mean"}]}}, "unknown aggregationMethod"),
        ({"aggregationMethod": "average", "assertions": {}}, "unknown aggregationMethod 'average'"),
        ({"preset": "lighthouse:recommend"}, "unknown preset 'lighthouse:recommend'"),
        ({"preset": "recommended"}, "unknown preset 'recommended'"),
        ({"assertMatrix": [{"preset": "lighthouse:none"}]}, "assertMatrix[0]: unknown preset"),
        ({"budgetsFile": "b.json", "preset": "lighthouse:all"}, "cannot use both budgetsFile and assertions"),
        ({"budgetsFile": "nope.json"}, "nope.json: file not found"),
        ({"ci": {"collect": {"numberOfRuns": 3}}}, "no assertions to use"),
        ({"ci": {"assert": {"presets": "lighthouse:all"}}}, "unknown key 'presets'"),
        ({"ci": {"assert": []}}, "ci.assert should be an object"),
        ({"assertMatrix": [], "assertions": {"interactive": "error"}}, "cannot be combined"),
        ({"assertMatrix": [{"assertions": {"nope": "warn"}}]}, "assertMatrix[0]: unknown audit id 'nope'"),
        ({"matchingUrlPattern": "(", "assertions": {}}, "not a valid regular expression"),
        ({"assertion": {}}, "unknown key 'assertion'"),
    ],
)
def test_invalid_assertions_are_one_clear_line(tmp_path: Path, data: Any, message: str) -> None:
    with pytest.raises(BudgetError) as error:
        load_assertions(_write(tmp_path, data))
    assert message in str(error.value)
    assert str(tmp_path) in str(error.value)
    assert "\n" not in str(error.value)


def test_lighthouserc_format_is_accepted(tmp_path: Path) -> None:
    data = {"ci": {"assert": {"assertions": {"categories:performance": ["warn", {"minScore": 0.9}]}}}}
    assert load_assertions(_write(tmp_path, data)) == data["ci"]["assert"]


def test_preset_and_budgets_file_are_accepted(tmp_path: Path) -> None:
    rc = {"ci": {"assert": {"preset": "lighthouse:recommended", "assertions": {"uses-http2": "off"}}}}
    assert load_assertions(_write(tmp_path, rc, "lighthouserc.json")) == rc["ci"]["assert"]
    _write(tmp_path, [{"resourceSizes": [{"resourceType": "script", "budget": 100}]}], "budget.json")
    options = load_assertions(_write(tmp_path, {"ci": {"assert": {"budgetsFile": "budget.json"}}}, "rc.json"))
    assert options == {
        "assertMatrix": [{"matchingUrlPattern": ".*", "assertions": {
            "resource-summary:script:size": ["error", {"maxNumericValue": 102400}]}}]
    }  # fmt: skip


def test_budgets_file_is_found_from_the_working_directory_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "conf").mkdir()
    _write(tmp_path, [{"timings": [{"metric": "interactive", "budget": 3000}]}], "budget.json")
    monkeypatch.chdir(tmp_path)
    rc = _write(tmp_path / "conf", {"ci": {"assert": {"budgetsFile": "budget.json"}}}, "lighthouserc.json")
    assert load_assertions(rc)["assertMatrix"][0]["assertions"] == {"interactive": ["error", {"maxNumericValue": 3000}]}


def test_lighthouserc_extends_and_dotted_keys(tmp_path: Path) -> None:
    _write(tmp_path, {"ci": {"assert": {"preset": "lighthouse:no-pwa"}}}, "base.json")
    rc = {"ci": {"extends": "base.json", "assert": {"assertions": {"resource-summary.script.size": "warn"}}}}
    options = load_assertions(_write(tmp_path, rc, "lighthouserc.json"))
    assert options == {"preset": "lighthouse:no-pwa", "assertions": {"resource-summary:script:size": "warn"}}
    _write(tmp_path, {"ci": {"extends": "loop.json", "assert": {"preset": "lighthouse:all"}}}, "loop.json")
    with pytest.raises(BudgetError, match="loops back"):
        load_assertions(tmp_path / "loop.json")


def test_javascript_lighthouserc_is_evaluated_by_node(tmp_path: Path) -> None:
    if not shutil.which("node"):
        pytest.skip("node not installed")
    rc = _write(tmp_path, "module.exports = {ci: {assert: {preset: 'lighthouse:all'}}};", "lighthouserc.js")
    assert load_assertions(rc) == {"preset": "lighthouse:all"}
    broken = _write(tmp_path, "module.exports = {ci: {", "broken.js")
    with pytest.raises(BudgetError, match=r"node could not evaluate it: SyntaxError") as error:
        load_assertions(broken)
    assert "\n" not in str(error.value)


def test_yaml_lighthouserc_reads_off_as_a_level(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    text = "ci:\n  assert:\n    assertions:\n      uses-http2: [off]\n      interactive: warn\n"
    rc = _write(tmp_path, text, "rc.yml")
    assert load_assertions(rc) == {"assertions": {"uses-http2": ["off"], "interactive": "warn"}}
    with pytest.raises(BudgetError, match="not valid YAML"):
        load_assertions(_write(tmp_path, "ci: [\n", "bad.yaml"))


def test_missing_files_say_so(tmp_path: Path) -> None:
    with pytest.raises(BudgetError, match=r"budget file .*nope\.json: file not found"):
        load_budgets(tmp_path / "nope.json")
    (tmp_path / "latin.json").write_bytes(b"\xff\xfe[")
    with pytest.raises(BudgetError, match="not UTF-8"):
        load_budgets(tmp_path / "latin.json")


def test_the_shipped_budget_files_are_valid() -> None:
    root = Path(__file__).parents[2] / "budgets"
    assert load_budgets(root / "lighthouse.json")
    assert load_assertions(root / "lighthouse-assertions.json")["assertions"]
