"""`postdeploy csp "<policy>" [--json]`: print the findings of one policy string.

Exit 0 when nothing at or above --fail-on (default medium) is found, 1 when something is, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys

from postdeploy.csp.combined import analyze
from postdeploy.csp.parser import Delivery, parse_header_values
from postdeploy.findings import Severity, failing

SEVERITIES = [s.label for s in Severity]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="postdeploy csp", description="Analyze a Content-Security-Policy (CSP Evaluator's checks and more)."
    )
    parser.add_argument("policy", help="the policy text, e.g. \"default-src 'self'; object-src 'none'\"")
    parser.add_argument("--json", action="store_true", help="print findings as JSON")
    delivery = parser.add_mutually_exclusive_group()
    delivery.add_argument(
        "--report-only", action="store_true", help="the policy is Content-Security-Policy-Report-Only"
    )
    delivery.add_argument("--meta", action="store_true", help="the policy comes from a <meta http-equiv> tag")
    parser.add_argument(
        "--fail-on", choices=SEVERITIES, default="medium", help="lowest severity that makes the exit code 1"
    )
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed one line of usage error
        return 0 if exc.code == 0 else 2
    if not args.policy.strip():
        print("postdeploy csp: the policy is empty; pass the header value in quotes", file=sys.stderr)
        return 2
    delivery: Delivery = "report-only" if args.report_only else "meta" if args.meta else "header"
    findings = analyze(parse_header_values([args.policy], delivery))
    if args.json:
        print(json.dumps([f.as_dict() for f in findings], indent=2))
    else:
        for f in sorted(findings, key=lambda f: -f.severity):
            value = f.evidence.get("value", "")
            where = f"{f.subject} {value}".strip()
            print(f"[{f.severity.label:8}] {f.id:32} {where}: {f.message}")
        if not findings:
            print("no findings")
    minimum = Severity[args.fail_on.upper()]
    return 1 if failing(findings, minimum) else 0
