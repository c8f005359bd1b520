"""`postdeploy lighthouse-assert`: check saved Lighthouse results like `lhci assert` does.

Exit codes: 0 all error-level assertions pass, 1 at least one fails, 4 bad input (files, options).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from postdeploy.budgets.assertions import AssertionResult, AssertionSetupError, Summary, assert_lhrs
from postdeploy.budgets.budget_file import BudgetError
from postdeploy.budgets.config import combined_options, load_assertions, load_budgets
from postdeploy.budgets.lhr import load_lhrs
from postdeploy.budgets.lighthouserc import find_rc_file
from postdeploy.budgets.lines import describe_result

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 4


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse exits 2 with a usage block; bad input here is one line and exit 4.
        print(f"postdeploy lighthouse-assert: {message}", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="postdeploy lighthouse-assert", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lhr", required=True, metavar="DIR", help="a Lighthouse JSON file or a folder of them")
    parser.add_argument("--budgets", metavar="FILE", help="budget.json (Lighthouse's budget format)")
    parser.add_argument(
        "--assertions", metavar="FILE",
        help="a lighthouserc (.json/.yml/.js: assertions, preset or budgetsFile) or bare LHCI assert options; "
        "default: the lighthouserc in the current folder, as lhci finds it",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the results as LHCI's assertion-results JSON")
    parser.add_argument("--include-passed", action="store_true", help="list passed assertions too")
    return parser


def check(
    lhr: str | Path, budgets: str | Path | None, assertions: str | Path | None, include_passed: bool = True
) -> list[AssertionResult]:
    """All assertion results of the given files over the saved results (raises BudgetError)."""
    option_sets = combined_options(
        load_budgets(budgets) if budgets else None, load_assertions(assertions) if assertions else None
    )
    lhrs = load_lhrs(lhr)
    try:
        return [r for options in option_sets for r in assert_lhrs(options, lhrs, include_passed=include_passed)]
    except AssertionSetupError as exc:
        raise BudgetError(str(exc)) from None


def _path_of(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    rc_file = None if args.budgets or args.assertions else find_rc_file(Path.cwd())
    if rc_file is not None:
        args.assertions = str(rc_file)  # what `lhci assert` would read here
    elif not args.budgets and not args.assertions:
        for default in ("budgets/lighthouse.json", "budgets/lighthouse-assertions.json"):
            if not Path(default).is_file():
                print(f"postdeploy lighthouse-assert: pass --budgets or --assertions (no lighthouserc here, "
                      f"{default} not found)", file=sys.stderr)  # fmt: skip
                return EXIT_CONFIG
        args.budgets, args.assertions = "budgets/lighthouse.json", "budgets/lighthouse-assertions.json"
    try:
        results = check(args.lhr, args.budgets, args.assertions, include_passed=True)
    except BudgetError as exc:
        print(f"postdeploy lighthouse-assert: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    summary = Summary.of(results)
    if args.json:
        shown = results if args.include_passed else [r for r in results if not r.passed]
        print(json.dumps([r.as_lhci() for r in shown], indent=2))
    else:
        for result in [*summary.failed, *summary.warned, *(summary.passed if args.include_passed else [])]:
            mark = "FAIL" if result in summary.failed else ("WARN" if result in summary.warned else "ok  ")
            print(
                f"{mark} [{result.level}] {result.key} {result.name}: {describe_result(result, _path_of(result.url))}"
            )
        urls = len({r.url for r in results})
        print(
            f"{len(summary.failed)} failed, {len(summary.warned)} warned, {len(summary.passed)} passed "
            f"assertion(s) over {urls} URL(s)",
            file=sys.stderr,
        )
    return EXIT_FAILED if summary.failed else EXIT_OK
