"""Loading and validating the budget files: budget.json and Lighthouse CI-style assertion files.

Every problem is a `BudgetError` with one line naming the file, the key and what is wrong, so the
CLI and the pytest plugin can turn it into exit code 4 without a traceback.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from postdeploy.budgets.assertions import AGGREGATION_METHODS, LEVELS, js_truthy, kebab_case, split_assertion_key
from postdeploy.budgets.audits import KNOWN_AUDITS, KNOWN_CATEGORIES, RESOURCE_TYPES
from postdeploy.budgets.budget_file import Budget, BudgetError, budgets_to_assert_matrix, parse_budgets
from postdeploy.budgets.lighthouserc import (
    flatten_rc,
    is_rc,
    load_rc_options,
    read_config_file,
    replace_dots_in_keys,
)
from postdeploy.budgets.presets import PRESET_NAMES, lhci_known_audits

__all__ = ["BudgetError", "check_assertion_options", "combined_options", "load_assertions", "load_budgets", "read_json"]

OPTION_KEYS = ("minScore", "maxLength", "maxNumericValue", "aggregationMethod")
# What `lhci assert` reads from its options; an assertMatrix entry takes the per-set ones.
RC_ASSERT_KEYS = (
    "assertions", "assertMatrix", "preset", "budgetsFile", "aggregationMethod", "matchingUrlPattern",
    "includePassedAssertions",
)  # fmt: skip
ENTRY_KEYS = ("assertions", "preset", "aggregationMethod", "matchingUrlPattern", "includePassedAssertions")


def read_json(path: str | Path, what: str) -> Any:
    """A JSON file (budget.json is always JSON: lhci reads it with JSON.parse)."""
    file = Path(path)
    if not file.is_file():
        raise BudgetError(f"{what} {path}: file not found")
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise BudgetError(f"{what} {path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise BudgetError(f"{what} {path}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None


def load_budgets(path: str | Path) -> list[Budget]:
    """budget.json, validated with Lighthouse's rules."""
    return parse_budgets(read_json(path, "budget file"), f"budget file {path}")


def load_assertions(path: str | Path) -> dict[str, Any]:
    """LHCI assert options from a lighthouserc (`ci.assert`: assertions, preset or budgetsFile) or a bare file.

    A lighthouserc is read as `lhci` 0.15 reads it (JSON, YAML or JavaScript; `extends`; dotted keys).
    `budgetsFile` is converted to the assertMatrix lhci would check, found next to the lighthouserc
    or, as lhci resolves it, from the working directory.
    """
    file = Path(path)
    source = f"assertions file {path}"
    data = read_config_file(file, "assertions file")
    replace_dots_in_keys(data)
    if is_rc(data):
        section = flatten_rc(data).get("assert")
        if section is not None and not isinstance(section, dict):
            raise BudgetError(f"{source}: ci.assert should be an object")
        _check_top_keys(section or {}, source, RC_ASSERT_KEYS)
        merged = load_rc_options(file, "assertions file")
        data = {key: merged[key] for key in RC_ASSERT_KEYS if key in merged}
    elif not isinstance(data, dict):
        raise BudgetError(f"{source}: expected a JSON object with 'assertions', 'assertMatrix' or 'preset'")
    check_assertion_options(data, source)
    if js_truthy(data.get("budgetsFile")):
        return _budgets_file_options(data, file, source)
    if not any(js_truthy(data.get(key)) for key in ("assertions", "assertMatrix", "preset")):
        raise BudgetError(f"{source}: no assertions to use (set assertions, assertMatrix, preset or budgetsFile)")
    return data


def _budgets_file_options(options: dict[str, Any], rc_file: Path, source: str) -> dict[str, Any]:
    if any(js_truthy(options.get(key)) for key in ("assertions", "assertMatrix", "preset")):
        raise BudgetError(f"{source}: cannot use both budgetsFile and assertions (lhci refuses it too)")
    name = options["budgetsFile"]
    if not isinstance(name, str):
        raise BudgetError(f"{source}: budgetsFile should be a path")
    beside, from_cwd = rc_file.parent / name, Path.cwd() / name
    budget_path = beside if beside.is_file() or not from_cwd.is_file() else from_cwd
    # lhci replaces every other assert option with the converted budgets (includePassedAssertions too).
    return budgets_to_assert_matrix(load_budgets(budget_path))


def _check_top_keys(options: dict[str, Any], source: str, known: tuple[str, ...]) -> None:
    for key in options:
        if key not in known:
            raise BudgetError(f"{source}: unknown key {key!r} (known: {', '.join(known)})")


def _check_key(key: str, where: str) -> None:
    audit_id, prop = split_assertion_key(kebab_case(key))
    if audit_id == "categories":
        if len(prop) != 1 or prop[0] not in KNOWN_CATEGORIES:
            raise BudgetError(f"{where}: unknown category in {key!r} (known: {', '.join(sorted(KNOWN_CATEGORIES))})")
    elif audit_id == "resource-summary":
        if len(prop) != 2 or prop[0] not in RESOURCE_TYPES or prop[1] not in ("size", "count"):
            raise BudgetError(
                f"{where}: {key!r} should be resource-summary:<type>:size|count with type one of "
                f"{', '.join(RESOURCE_TYPES)}"
            )
    elif audit_id == "user-timings":
        if not prop:
            raise BudgetError(f"{where}: {key!r} should name the mark or measure: user-timings:<name>")
    elif audit_id not in KNOWN_AUDITS and audit_id not in lhci_known_audits() and audit_id != "performance-budget":
        hint = _closest(audit_id)
        raise BudgetError(f"{where}: unknown audit id {audit_id!r}" + (f" (did you mean {hint!r}?)" if hint else ""))


def _closest(audit_id: str) -> str | None:
    import difflib

    matches = difflib.get_close_matches(audit_id, sorted(KNOWN_AUDITS), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _check_assertion(key: str, value: Any, where: str) -> None:
    _check_key(key, where)
    at = f"{where}: {key!r}"
    options: Any
    if value is None:
        return  # null switches an audit off (lhci merges it over a preset's entry)
    if isinstance(value, str):
        level, options = value, {}
    elif isinstance(value, list) and value and len(value) <= 2:
        level, options = value[0], (value[1] if len(value) == 2 else {})
    else:
        raise BudgetError(f"{at}: expected a level ('off', 'warn', 'error') or [level, {{options}}]")
    if level not in LEVELS:
        raise BudgetError(f"{at}: unknown level {level!r} (use off, warn or error)")
    if not isinstance(options, dict):
        raise BudgetError(f"{at}: options should be an object")
    for option, option_value in options.items():
        if option not in OPTION_KEYS:
            raise BudgetError(f"{at}: unknown option {option!r} (known: {', '.join(OPTION_KEYS)})")
        if option == "aggregationMethod":
            if option_value not in AGGREGATION_METHODS:
                raise BudgetError(f"{at}: unknown aggregationMethod {option_value!r}")
        elif not isinstance(option_value, int | float) or isinstance(option_value, bool):
            raise BudgetError(f"{at}: {option} should be a number, got {option_value!r}")


def check_assertion_options(options: dict[str, Any], source: str, top: bool = True) -> None:
    """Validate one LHCI assert option set (and each assertMatrix entry inside it)."""
    _check_top_keys(options, source, RC_ASSERT_KEYS if top else ENTRY_KEYS)
    preset = options.get("preset")
    if preset is not None and preset not in PRESET_NAMES:
        raise BudgetError(f"{source}: unknown preset {preset!r} (Lighthouse CI has {', '.join(PRESET_NAMES)})")
    if "assertMatrix" in options:
        matrix = options["assertMatrix"]
        # lhci throws on the first four; a top-level matchingUrlPattern it would silently ignore.
        others = ("assertions", "aggregationMethod", "preset", "budgetsFile", "matchingUrlPattern")
        if any(js_truthy(options.get(k)) for k in others):
            raise BudgetError(f"{source}: assertMatrix cannot be combined with other options")
        if not isinstance(matrix, list):
            raise BudgetError(f"{source}: assertMatrix should be a list of option sets")
        for i, entry in enumerate(matrix):
            if not isinstance(entry, dict) or "assertMatrix" in entry:
                raise BudgetError(f"{source}: assertMatrix[{i}] should be an object of assert options")
            check_assertion_options(entry, f"{source}: assertMatrix[{i}]", top=False)
        return
    method = options.get("aggregationMethod")
    if method is not None and method not in AGGREGATION_METHODS:
        raise BudgetError(f"{source}: unknown aggregationMethod {method!r} (use {', '.join(AGGREGATION_METHODS)})")
    pattern = options.get("matchingUrlPattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            raise BudgetError(
                f"{source}: matchingUrlPattern {pattern!r} is not a valid regular expression: {exc}"
            ) from None
    assertions = options.get("assertions", {})
    if not isinstance(assertions, dict):
        raise BudgetError(f"{source}: 'assertions' should be an object keyed by audit id")
    for key, value in assertions.items():
        _check_assertion(key, value, source)


def combined_options(budgets: list[Budget] | None, assertions: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The option sets to check, each on its own: budget.json's matrix first, then the assertions."""
    sets: list[dict[str, Any]] = []
    if budgets:
        sets.append(budgets_to_assert_matrix(budgets))
    if assertions:
        sets.append(assertions)
    return sets
