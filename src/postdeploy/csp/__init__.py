"""Content-Security-Policy analysis as pure functions: parse, then analyze (CSP Evaluator's checks and more)."""

from __future__ import annotations

from postdeploy.csp.analyzer import analyze_policy
from postdeploy.csp.combined import analyze
from postdeploy.csp.parser import Policy, meta_policies, parse_header_values, parse_policy, policies_of

__all__ = [
    "Policy",
    "analyze",
    "analyze_policy",
    "meta_policies",
    "parse_header_values",
    "parse_policy",
    "policies_of",
]
