"""Lighthouse's budget.json: validation with Lighthouse's own rules and conversion to LHCI assertions.

Lighthouse 12 dropped `--budget-path`; Lighthouse CI still reads the format and converts it to an
`assertMatrix` (sizes in KiB, `path` in robots.txt syntax). This module does the same, in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from postdeploy.budgets.audits import RESOURCE_TYPES, TIMING_METRICS

__all__ = ["Budget", "BudgetError", "budgets_to_assert_matrix", "parse_budgets", "path_pattern", "url_matches_path"]

ROBOTS_HELP = "'path' uses the robots.txt format (one '*', '$' only at the end)"


class BudgetError(ValueError):
    """A budget file Lighthouse would reject; the message names the entry and the problem."""


@dataclass(frozen=True)
class Budget:
    path: str | None
    timings: tuple[tuple[str, float], ...] = ()
    resource_sizes: tuple[tuple[str, float], ...] = ()  # KiB
    resource_counts: tuple[tuple[str, float], ...] = ()
    first_party_hostnames: tuple[str, ...] | None = None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _no_extra(entry: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
    extra = [key for key in entry if key not in allowed]
    if extra:
        raise BudgetError(f"{what} has unrecognized properties: [{', '.join(extra)}]")


def _validate_path(path: Any, where: str) -> str | None:
    if path is None:
        return None
    problem = None
    if not isinstance(path, str):
        problem = "Path should be a string."
    elif not path.startswith("/"):
        problem = "Path should start with '/'."
    elif path.count("*") > 1:
        problem = "Path should only contain one '*'."
    elif path.count("$") > 1:
        problem = "Path should only contain one '$' character."
    elif "$" in path and not path.endswith("$"):
        problem = "'$' character should only occur at end of path."
    if problem:
        raise BudgetError(f"{where}: invalid path {path!r}. {problem} ({ROBOTS_HELP})")
    return str(path)


def _validate_hostname(hostname: str, where: str) -> str:
    bad = not hostname or "/" in hostname or ":" in hostname
    if "*" in hostname and (not hostname.startswith("*.") or hostname.rindex("*") > 0):
        bad = True
    if bad:
        raise BudgetError(f"{where}: {hostname!r} is not a valid hostname")
    return hostname


def _entries(
    value: Any, key_name: str, allowed: tuple[str, ...], where: str, what: str
) -> tuple[tuple[str, float], ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        raise BudgetError(f"{where}: invalid {what} entry (expected a list of objects)")
    seen: set[str] = set()
    out: list[tuple[str, float]] = []
    for i, entry in enumerate(value):
        _no_extra(entry, (key_name, "budget"), f"{where}.{what}[{i}]")
        name, budget = entry.get(key_name), entry.get("budget")
        if name not in allowed:
            kind = "timing metric" if key_name == "metric" else "resource type"
            raise BudgetError(f"{where}.{what}[{i}]: invalid {kind} {name!r}; valid: {', '.join(allowed)}")
        if not _is_number(budget):
            raise BudgetError(f"{where}.{what}[{i}]: invalid budget {budget!r} (expected a number)")
        if name in seen:
            raise BudgetError(f"{where}.{what} has duplicate entry of type {name!r}")
        seen.add(name)
        out.append((name, float(budget)))
    return tuple(out)


def parse_budgets(data: Any, source: str = "budget file") -> list[Budget]:
    """Validate budget.json data (already JSON-decoded) with Lighthouse's rules."""
    if not isinstance(data, list) or not all(isinstance(b, dict) for b in data):
        raise BudgetError(f"{source}: not defined as an array of budgets")
    budgets = []
    for index, entry in enumerate(data):
        where = f"{source}: budgets[{index}]"
        _no_extra(entry, ("path", "options", "resourceSizes", "resourceCounts", "timings"), where)
        hostnames: tuple[str, ...] | None = None
        options = entry.get("options")
        if isinstance(options, dict):
            _no_extra(options, ("firstPartyHostnames",), f"{where}.options")
            names = options.get("firstPartyHostnames")
            if names is not None:
                if not isinstance(names, list) or not all(isinstance(h, str) for h in names):
                    raise BudgetError(f"{where}: firstPartyHostnames should be an array of strings")
                hostnames = tuple(_validate_hostname(h, where) for h in names)
        elif options is not None:
            raise BudgetError(f"{where}: invalid options property")
        budgets.append(
            Budget(
                path=_validate_path(entry.get("path"), where),
                timings=_entries(entry.get("timings"), "metric", TIMING_METRICS, where, "timings"),
                resource_sizes=_entries(
                    entry.get("resourceSizes"), "resourceType", RESOURCE_TYPES, where, "resourceSizes"
                ),
                resource_counts=_entries(
                    entry.get("resourceCounts"), "resourceType", RESOURCE_TYPES, where, "resourceCounts"
                ),
                first_party_hostnames=hostnames,
            )
        )
    return budgets


def path_pattern(path: str | None) -> str:
    """A budget `path` as the regular expression Lighthouse CI matches against `finalUrl`."""
    if not path or path == "/":
        return ".*"
    # Escape what JavaScript's RegExp would treat as special, '*' becomes '.*'; '$' stays an anchor.
    escaped = [re.sub(r"([-\[\]{}()*+?.,\\^|#\s])", r"\\\1", part) for part in path.split("*")]
    # Written the way JavaScript's `RegExp.source` prints it (slashes escaped) so both tools agree.
    return "https?:\\/\\/[^/]+" + ".*".join(escaped).replace("/", "\\/")


def url_matches_path(url: str, path: str | None) -> bool:
    return re.search(path_pattern(path), url) is not None


def _size_bytes(kib: float) -> float | int:
    value = kib * 1024
    return int(value) if value == int(value) else value


def budgets_to_assert_matrix(budgets: list[Budget]) -> dict[str, Any]:
    """Lighthouse CI's `convertBudgetsToAssertions`: one assertMatrix entry per budget, all `error`."""
    matrix = []
    for budget in budgets:
        assertions: dict[str, Any] = {}
        for metric, limit in budget.timings:
            assertions[metric] = ["error", {"maxNumericValue": _plain(limit)}]
        for resource_type, limit in budget.resource_counts:
            assertions[f"resource-summary:{resource_type}:count"] = ["error", {"maxNumericValue": _plain(limit)}]
        for resource_type, limit in budget.resource_sizes:
            assertions[f"resource-summary:{resource_type}:size"] = ["error", {"maxNumericValue": _size_bytes(limit)}]
        matrix.append({"matchingUrlPattern": path_pattern(budget.path), "assertions": assertions})
    return {"assertMatrix": matrix}


def _plain(value: float) -> float | int:
    return int(value) if value == int(value) else value
