"""Performance budgets over Lighthouse results: budget.json and Lighthouse CI-style assertions.

Pure functions over saved results (no browser, no pytest): the perf tests, the
`postdeploy lighthouse-assert` command and the benchmarks all use this package.
"""

from __future__ import annotations

from postdeploy.budgets.assertions import AssertionResult, Summary, assert_lhrs, assert_url
from postdeploy.budgets.budget_file import Budget, BudgetError, budgets_to_assert_matrix, parse_budgets, path_pattern
from postdeploy.budgets.config import combined_options, load_assertions, load_budgets
from postdeploy.budgets.lhr import load_lhrs, trim_lhr
from postdeploy.budgets.lines import BudgetLine, LineVerdict, evaluate_line, lines_for_url

__all__ = [
    "AssertionResult",
    "Budget",
    "BudgetError",
    "BudgetLine",
    "LineVerdict",
    "Summary",
    "assert_lhrs",
    "assert_url",
    "budgets_to_assert_matrix",
    "combined_options",
    "evaluate_line",
    "lines_for_url",
    "load_assertions",
    "load_budgets",
    "load_lhrs",
    "parse_budgets",
    "path_pattern",
    "trim_lhr",
]
