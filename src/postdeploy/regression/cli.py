"""`postdeploy compare BASE CURRENT`: two stored runs (samples files, or baseline folders) compared
metric by metric, the way the perf layer and the load run compare with `--baseline`.

Exit codes: 0 no regression, 1 a metric regressed, 2 bad input or runs that cannot be compared.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from postdeploy.regression.compare import Comparison, NotComparable, compare
from postdeploy.regression.plot import svg
from postdeploy.regression.render import comparison_report
from postdeploy.regression.rules import RulesError, load_rules
from postdeploy.regression.samples import Samples, SamplesError, read_samples

DEFAULT_RULES = "budgets/regression.toml"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="postdeploy compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("base", metavar="BASE", help="baseline: a samples JSON file, or a baseline folder")
    parser.add_argument("current", metavar="CURRENT", help="this run: a samples JSON file, or a folder")
    parser.add_argument("--rules", metavar="FILE", help=f"regression budgets (default: {DEFAULT_RULES} if present)")
    parser.add_argument("--layer", choices=("perf", "load"), help="compare only this layer's samples")
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    parser.add_argument("--plots", metavar="DIR", help="write one SVG per page or endpoint into DIR")
    return parser


def _samples_in(path: Path) -> list[Samples]:
    if path.is_file():
        return [read_samples(path)]
    if not path.is_dir():
        raise SamplesError(f"{path}: no such file or folder")
    found = [read_samples(p) for p in sorted(path.rglob("*.json")) if not p.name.endswith(".rejected.json")]
    if not found:
        raise SamplesError(f"{path}: no samples files in this folder")
    return found


def pairs(bases: list[Samples], currents: list[Samples], layer: str | None) -> list[tuple[Samples, Samples]]:
    """Match runs by layer, target and environment; a single file on each side is matched as it is."""
    if layer:
        bases = [s for s in bases if s.layer == layer]
        currents = [s for s in currents if s.layer == layer]
    if len(bases) == 1 and len(currents) == 1:
        return [(bases[0], currents[0])]
    found = []
    for current in currents:
        key = (current.layer, current.target, current.environment)
        match = [b for b in bases if (b.layer, b.target, b.environment) == key]
        if match:
            found.append((match[0], current))
    return found


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    rules_path = args.rules or (DEFAULT_RULES if Path(DEFAULT_RULES).is_file() else None)
    try:
        rules = load_rules(rules_path)
        matched = pairs(_samples_in(Path(args.base)), _samples_in(Path(args.current)), args.layer)
        if not matched:
            raise SamplesError("no run in CURRENT has a baseline in BASE (same layer, target and environment)")
        comparisons = [compare(base, current, rules) for base, current in matched]
    except (RulesError, SamplesError, NotComparable) as exc:
        print(f"postdeploy compare: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([c.to_json() for c in comparisons], indent=1))
    else:
        for comparison in comparisons:
            _print(comparison)
    if args.plots:
        _plots(comparisons, Path(args.plots))
    return 1 if any(c.regressions for c in comparisons) else 0


def _print(comparison: Comparison) -> None:
    print(comparison_report(comparison))
    for note in comparison.notes:
        print(f"note: {note}")
    regressed = ", ".join(r.subject(comparison.layer) for r in comparison.regressions) or "none"
    print(f"{comparison.layer}: regressed: {regressed}\n")


def _plots(comparisons: list[Comparison], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for comparison in comparisons:
        for scope in dict.fromkeys(r.scope for r in comparison.results):
            name = "".join(c if c.isalnum() else "-" for c in scope).strip("-") or "home"
            (folder / f"{comparison.layer}-{name}.svg").write_text(
                svg(comparison.for_scope(scope), f"{comparison.layer} {scope}"), encoding="utf-8"
            )
