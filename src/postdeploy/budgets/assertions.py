"""Lighthouse CI's assertion semantics over Lighthouse results (LHRs), as pure functions.

Mirrors `@lhci/utils` 0.15 `assertions.js` verdict for verdict (levels, aggregation methods,
defaults, `median-run`, `assertMatrix`, presets, URL grouping) so `postdeploy lighthouse-assert` and
`lhci assert` agree; `bench/lhci_compare.py` checks that they do.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from postdeploy.budgets.presets import lhci_known_audits, resolve_preset
from postdeploy.budgets.results import AssertionResult, Summary

__all__ = [
    "AGGREGATION_METHODS",
    "LEVELS",
    "AssertionResult",
    "AssertionSetupError",
    "Summary",
    "assert_lhrs",
    "assert_url",
    "js_truthy",
    "kebab_case",
    "representative_run",
    "split_assertion_key",
    "with_preset",
]

Lhr = Mapping[str, Any]
AssertionType = Literal["auditRan", "minScore", "maxLength", "maxNumericValue"]
LEVELS = ("off", "warn", "error")
AGGREGATION_METHODS = ("median", "optimistic", "pessimistic", "median-run")


class AssertionSetupError(ValueError):
    """Options Lighthouse CI itself would throw on (e.g. assertMatrix mixed with assertions)."""


class _Undefined:
    """JavaScript's `undefined`, which Lighthouse CI tells apart from `null` in its messages."""

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED: Any = _Undefined()


@dataclass(frozen=True)
class _Partial:
    """A result before the URL, level and audit id are known."""

    name: str
    operator: str
    expected: float
    actual: float
    values: tuple[float, ...]
    passed: bool
    message: str | None = None
    audit_property: str | None = None


def js_truthy(value: Any) -> bool:
    """JavaScript truthiness, which lhci's option checks use: `{}` and `[]` count as set."""
    if isinstance(value, dict | list):
        return True
    if isinstance(value, float) and math.isnan(value):
        return False
    return bool(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_finite(value: Any) -> bool:
    return _is_number(value) and math.isfinite(value)


def _min_score_value(audit: Mapping[str, Any]) -> Any:
    score = audit.get("score", UNDEFINED)
    if _is_number(score):
        return score
    mode = audit.get("scoreDisplayMode")
    if mode == "notApplicable":
        return 1
    if mode == "informative":
        return 0
    return UNDEFINED


def _max_length_value(audit: Mapping[str, Any]) -> Any:
    details = audit.get("details")
    items = details.get("items") if isinstance(details, Mapping) else None
    return len(items) if isinstance(items, list) and items else 0


def _numeric_value(audit: Mapping[str, Any]) -> Any:
    return audit.get("numericValue", UNDEFINED)


VALUE_GETTERS: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "minScore": _min_score_value,
    "maxLength": _max_length_value,
    "maxNumericValue": _numeric_value,
}
OPERATORS: dict[str, tuple[str, Callable[[float, float], bool]]] = {
    "auditRan": ("==", lambda actual, expected: actual == expected),
    "minScore": (">=", lambda actual, expected: actual >= expected),
    "maxLength": ("<=", lambda actual, expected: actual <= expected),
    "maxNumericValue": ("<=", lambda actual, expected: actual <= expected),
}


def aggregate(values: Sequence[float], method: str, assertion_type: str) -> float:
    """One value out of a run's values: the median, or the kinder/harsher extreme for the bound."""
    if method == "median":
        ordered = sorted(values)
        middle = (len(ordered) - 1) // 2
        if len(ordered) % 2 == 1:
            return ordered[middle]
        return (ordered[middle] + ordered[middle + 1]) / 2
    # Optimistic picks the value most likely to pass; pessimistic the one most likely to fail.
    # Any other method (median-run arrives here with a single run) takes the maximum, as lhci does.
    use_min = (method == "optimistic" and assertion_type.startswith("max")) or (
        method == "pessimistic" and assertion_type.startswith("min")
    )
    return min(values) if use_min else max(values)


def _assertion_result(
    audits: Sequence[Mapping[str, Any]], method: str, assertion_type: str, expected: float
) -> _Partial:
    raw = [VALUE_GETTERS[assertion_type](audit) for audit in audits]
    finite = [float(v) for v in raw if _is_finite(v)]
    operator, passes = OPERATORS[assertion_type]
    no_value = (not finite and method != "pessimistic") or (len(finite) != len(raw) and method == "pessimistic")
    if no_value:
        if any(v is UNDEFINED for v in raw):
            action = f'"{assertion_type}" might not be a valid assertion for this audit.'
            message = f"Audit did not produce a value at all. {action}"
        else:
            action = (
                'Try using an aggregationMethod other than "pessimistic".'
                if method == "pessimistic"
                else "If this is reproducible, please file an issue on GitHub."
            )
            message = f"Audit failed to produce a valid value. {action}"
        shown = tuple(float(v) if _is_finite(v) else math.nan for v in raw)
        return _Partial(assertion_type, operator, expected, math.nan, shown, False, message)
    actual = aggregate(finite, method, assertion_type)
    return _Partial(assertion_type, operator, expected, actual, tuple(finite), passes(actual, expected))


def _standard_results(
    audits: Sequence[Mapping[str, Any] | None], options: Mapping[str, Any], audit_id: str | None = None
) -> list[_Partial]:
    method = options.get("aggregationMethod") or "optimistic"
    if any(audit is None for audit in audits):
        # lhci calls an audit unknown when its `lighthouse:all` preset does not list it.
        unknown = audit_id is not None and audit_id not in lhci_known_audits()
        return [
            _Partial(
                "auditRan",
                ">=",
                1,
                0,
                tuple(0.0 if audit is None else 1.0 for audit in audits),
                False,
                f'"{audit_id}" is not a known audit.' if unknown else None,
            )
        ]
    present = [audit for audit in audits if audit is not None]
    results: list[_Partial] = []
    manual = False
    for assertion_type in ("maxLength", "maxNumericValue"):
        if options.get(assertion_type) is not None:
            manual = True
            results.append(_assertion_result(present, method, assertion_type, options[assertion_type]))
    min_score = options.get("minScore")
    # A bare level ("error") means "score at least 0.9", as Lighthouse CI 0.15 defaults it.
    if min_score is None and not manual:
        min_score = 0.9
    if min_score is not None:
        results.append(_assertion_result(present, method, "minScore", min_score))
    return results


def _budget_row_results(audits: Sequence[Mapping[str, Any] | None]) -> list[_Partial]:
    """The legacy `performance-budget` audit: pass on whatever Lighthouse found over budget."""
    results: list[_Partial] = []
    seen: set[str] = set()
    for audit in audits:
        items = _items(audit)
        for row in items or []:
            size_key, count_key = f"{row.get('resourceType')}.size", f"{row.get('resourceType')}.count"
            if row.get("sizeOverBudget") and size_key not in seen:
                size: float = row.get("size") or row.get("transferSize") or 0
                results.append(_over_budget(size_key, size, size - row["sizeOverBudget"]))
                seen.add(size_key)
            if row.get("countOverBudget") and count_key not in seen:
                match = re.search(r"\d+", str(row["countOverBudget"]))
                if not match:
                    continue
                count: float = row.get("requestCount") or 0
                results.append(_over_budget(count_key, count, count - (int(match.group()) or 0)))
                seen.add(count_key)
    return results


def _over_budget(key: str, actual: float, expected: float) -> _Partial:
    result = _assertion_result([{"score": 0, "numericValue": actual}], "pessimistic", "maxNumericValue", expected)
    return _with_property(result, key)


def _with_property(result: _Partial, prop: str) -> _Partial:
    return _Partial(
        result.name, result.operator, result.expected, result.actual, result.values, result.passed, result.message, prop
    )


def _items(audit: Mapping[str, Any] | None) -> list[Mapping[str, Any]] | None:
    if not audit:
        return None
    details = audit.get("details")
    if not isinstance(details, Mapping) or not details.get("items"):
        return None
    items = details["items"]
    return items if isinstance(items, list) else None


def kebab_case(text: str, alphanumeric_only: bool = False) -> str:
    """camelCase to kebab-case the way Lighthouse CI normalises assertion keys."""
    kebabed = re.sub(r"([a-z])([A-Z])", r"\1-\2", text)
    if alphanumeric_only:
        kebabed = re.sub(r"[^a-zA-Z0-9]+", "-", kebabed)
        kebabed = re.sub(r"-+", "-", kebabed).strip("-")
    return kebabed.lower()


def split_assertion_key(key: str) -> tuple[str, list[str]]:
    """`resource-summary:script:size` -> ("resource-summary", ["script", "size"])."""
    parts = [part for part in re.split(r"[.:]", key) if part]
    return (parts[0] if parts else ""), parts[1:]


def _audit_results(
    audit_id: str,
    prop: list[str],
    audits: Sequence[Mapping[str, Any] | None],
    options: Mapping[str, Any],
    lhrs: Sequence[Lhr],
) -> list[_Partial]:
    if audit_id == "performance-budget":
        return _budget_row_results(audits)
    if audit_id == "categories" and prop:
        if len(prop) != 1:
            raise AssertionSetupError(f'Invalid categories assertion "{".".join(prop)}"')
        category_id = prop[0]
        pseudo: list[Mapping[str, Any] | None] = []
        for lhr in lhrs:
            category = (lhr.get("categories") or {}).get(category_id)
            pseudo.append(None if category is None else {"score": category.get("score", UNDEFINED)})
        return [_with_property(r, category_id) for r in _standard_results(pseudo, options)]
    if audit_id == "resource-summary" and prop:
        if len(prop) != 2 or prop[1] not in ("size", "count"):
            raise AssertionSetupError(f'Invalid resource-summary assertion "{".".join(prop)}"')
        primary, backup = ("size", "transferSize") if prop[1] == "size" else ("requestCount", "")
        pseudo = []
        for audit in audits:
            item = next((i for i in _items(audit) or [] if i.get("resourceType") == prop[0]), None)
            key = primary if item is not None and primary in item else backup
            if audit is None or item is None or key not in item:
                pseudo.append(None)
            else:
                pseudo.append({**audit, "numericValue": item[key]})
        return [_with_property(r, ".".join(prop)) for r in _standard_results(pseudo, options)]
    if audit_id == "user-timings" and prop:
        wanted = kebab_case("-".join(prop), alphanumeric_only=True)
        pseudo = []
        for audit in audits:
            found = next(
                (
                    i
                    for i in _items(audit) or []
                    if kebab_case(str(i.get("name", "")), alphanumeric_only=True) == wanted
                ),
                None,
            )
            if audit is None or found is None:
                pseudo.append(None)
            else:
                duration = found.get("duration")
                value = duration if _is_finite(duration) else found.get("startTime", UNDEFINED)
                pseudo.append({**audit, "numericValue": value})
        return [_with_property(r, wanted) for r in _standard_results(pseudo, options)]
    return _standard_results(audits, options, audit_id)


def _audit_value(lhr: Lhr, audit_id: str) -> float:
    audit = (lhr.get("audits") or {}).get(audit_id)
    value = audit.get("numericValue") if isinstance(audit, Mapping) else None
    return float(value) if _is_finite(value) and value else 0.0


def representative_run(lhrs: Sequence[Lhr]) -> Lhr:
    """The run closest to the median FCP and TTI: Lighthouse CI's `median-run`."""
    middle = len(lhrs) // 2
    median_fcp = _audit_value(sorted(lhrs, key=lambda r: _audit_value(r, "first-contentful-paint"))[middle],
                              "first-contentful-paint")  # fmt: skip
    median_tti = _audit_value(sorted(lhrs, key=lambda r: _audit_value(r, "interactive"))[middle], "interactive")

    def distance(lhr: Lhr) -> float:
        fcp = median_fcp - _audit_value(lhr, "first-contentful-paint")
        tti = median_tti - _audit_value(lhr, "interactive")
        return fcp * fcp + tti * tti

    return sorted(lhrs, key=distance)[0]


def _normalise(assertion: Any) -> tuple[str, Mapping[str, Any]]:
    if not assertion:
        return "off", {}
    if isinstance(assertion, str):
        return assertion, {}
    level, options = assertion[0], (assertion[1] if len(assertion) > 1 else {})
    return str(level), options or {}


def _url_pattern_matches(pattern: str, lhr: Lhr) -> bool:
    return re.search(pattern, str(lhr.get("finalUrl", ""))) is not None


def with_preset(options: Mapping[str, Any]) -> dict[str, Any]:
    """The option set with its `preset` (lighthouse:recommended…) merged under its own assertions."""
    try:
        return resolve_preset(options)
    except KeyError as exc:
        raise AssertionSetupError(f"unknown preset {exc.args[0]!r}") from None


def assert_url(options: Mapping[str, Any], url_lhrs: Sequence[Lhr]) -> list[AssertionResult]:
    """Every non-off assertion of one option set (one assertMatrix entry) over one URL's runs."""
    options = with_preset(options)
    pattern = options.get("matchingUrlPattern")
    lhrs = [lhr for lhr in url_lhrs if _url_pattern_matches(pattern, lhr)] if pattern else list(url_lhrs)
    if not lhrs:
        return []
    assertions: Mapping[str, Any] = options.get("assertions") or {}
    method = options.get("aggregationMethod")
    url = str(lhrs[0].get("finalUrl") or "")
    median_run: list[Lhr] = []
    results: list[AssertionResult] = []
    # Keys are kebab-cased and de-duplicated first; the level is then read under the kebab key,
    # so a camelCase-only key is "off" — Lighthouse CI's own (odd) behaviour, kept for agreement.
    for key in dict.fromkeys(kebab_case(k) for k in assertions):
        level, assertion_options = _normalise(assertions.get(key))
        if level == "off":
            continue
        audit_id, prop = split_assertion_key(key)
        merged = {"aggregationMethod": method, **assertion_options}
        if merged.get("aggregationMethod") == "median-run" and not median_run:
            median_run.append(representative_run(lhrs))
        runs = median_run if merged.get("aggregationMethod") == "median-run" else lhrs
        audits = [(lhr.get("audits") or {}).get(audit_id) for lhr in runs]
        title = _audit_title(lhrs, audit_id)
        for partial in _audit_results(audit_id, prop, audits, merged, lhrs):
            results.append(
                AssertionResult(
                    url=url,
                    audit_id=audit_id,
                    name=partial.name,
                    operator=partial.operator,
                    expected=partial.expected,
                    actual=partial.actual,
                    values=partial.values,
                    passed=partial.passed,
                    level=level,
                    audit_property=partial.audit_property,
                    audit_title=title,
                    message=partial.message,
                )
            )
    return results


def _audit_title(lhrs: Sequence[Lhr], audit_id: str) -> str | None:
    instances = [a for a in ((lhr.get("audits") or {}).get(audit_id) for lhr in lhrs) if a]
    audit = next((a for a in instances if a.get("score") != 1), instances[0] if instances else {})
    title = audit.get("title")
    return str(title) if title else None


def group_by_url(lhrs: Iterable[Lhr]) -> list[list[Lhr]]:
    """Runs grouped by `finalUrl`, in order of first appearance."""
    groups: dict[str, list[Lhr]] = {}
    for lhr in lhrs:
        groups.setdefault(str(lhr.get("finalUrl")), []).append(lhr)
    return list(groups.values())


def assert_lhrs(options: Mapping[str, Any], lhrs: Sequence[Lhr], include_passed: bool = False) -> list[AssertionResult]:
    """Lighthouse CI's `getAllAssertionResults`: each URL's runs against each option set."""
    option_sets: Sequence[Mapping[str, Any]] = [options]
    if options.get("assertMatrix") is not None:
        if any(js_truthy(options.get(k)) for k in ("assertions", "preset", "budgetsFile", "aggregationMethod")):
            raise AssertionSetupError("Cannot use assertMatrix with other options")
        option_sets = options["assertMatrix"]
    results = [r for group in group_by_url(lhrs) for opts in option_sets for r in assert_url(opts, group)]
    return results if include_passed else [r for r in results if not r.passed]
