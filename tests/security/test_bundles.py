"""Nothing secret in what the browser downloads: the pages' HTML and every script chunk they ship."""

from __future__ import annotations

from postdeploy.checks.security import bundles
from postdeploy.checks.security.scripts import ScriptInventory
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding
from postdeploy.plugins.security import FetchedPage
from postdeploy.plugins.verdict import Verdict


def test_no_secrets_in_client_bundles(
    security_pages: dict[str, FetchedPage], client_scripts: ScriptInventory, evidence: Evidence, verdict: Verdict
) -> None:
    """No server-side secret in the pages or the scripts sent to browsers."""
    findings: list[Finding] = []
    for page in security_pages.values():
        if page.html:
            findings += bundles.check_text(f"page {page.path}", page.html)
    for script in client_scripts.served():
        findings += bundles.check_text(script.path, script.text)
    # What was scanned, never what was found: the findings carry masked excerpts only.
    evidence.json("scripts scanned", client_scripts.summary())
    verdict(findings, what="secrets in client bundles")
