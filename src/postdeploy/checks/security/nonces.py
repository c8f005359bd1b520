"""CSP nonces: a nonce must change on every response; a fixed one is a password printed on every page."""

from __future__ import annotations

import re
from collections.abc import Iterable

from postdeploy.csp.parser import Policy
from postdeploy.findings import Finding, Severity

_NONCE = re.compile(r"'nonce-([^']+)'")


def script_nonces(policies: Iterable[Policy]) -> set[str]:
    """The nonces the policies' script-src allows."""
    return {n for p in policies for v in p.directives.get("script-src", []) for n in _NONCE.findall(v)}


def check_static_nonces(path: str, first: set[str], second: set[str]) -> list[Finding]:
    """A nonce found in two responses of the same page is static (the length shows, never the value)."""
    return [
        Finding(
            "csp.static-nonce",
            Severity.HIGH,
            f"{path}: the same CSP nonce came back on two responses",
            {"path": path, "nonce_length": len(nonce)},
            subject="script-src",
        )
        for nonce in sorted(first & second)
    ]
