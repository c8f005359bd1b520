"""Nothing a deploy should never publish: .env files, .git, backups, source maps, directory listings."""

from __future__ import annotations

import httpx
import pytest

from postdeploy.checks.security import exposure
from postdeploy.checks.security.parallel import send_all
from postdeploy.checks.security.scripts import ScriptInventory
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import SecuritySettings

SENSITIVE = {item.path: item for item in exposure.SENSITIVE_PATHS}


@pytest.fixture(scope="module")
def soft_404(http: httpx.Client) -> httpx.Response:
    """What the site answers for a path that cannot exist: the baseline that tells a file from a catch-all."""
    return http.get(exposure.soft_404_path())


def _exposed_evidence(evidence: Evidence, response: httpx.Response, path: str) -> None:
    # Status and headers only: the body of an exposed secret file never goes into the report.
    evidence.json(f"exposed {path}", {"status": response.status_code, "headers": dict(response.headers)})


@pytest.mark.parametrize("path", list(SENSITIVE))
def test_sensitive_path_not_exposed(
    path: str, http: httpx.Client, soft_404: httpx.Response, evidence: Evidence, verdict: Verdict
) -> None:
    """A sensitive file or path is not served."""
    response = http.get(path)
    findings = exposure.check_sensitive(SENSITIVE[path], response, soft_404)
    if findings:
        _exposed_evidence(evidence, response, path)
    verdict(findings, what=f"exposure of {path}")


def test_no_directory_listing(security_settings: SecuritySettings, http: httpx.Client, verdict: Verdict) -> None:
    """No directory lists its contents."""
    findings: list[Finding] = []
    for path in security_settings.directory_paths:
        findings += exposure.check_directory_listing(http.get(path), path)
    verdict(findings, what="directory listings")


def test_source_maps_not_exposed(
    client_scripts: ScriptInventory,
    security_settings: SecuritySettings,
    http: httpx.Client,
    evidence: Evidence,
    verdict: Verdict,
) -> None:
    """No source map served for any script the site ships, linked from a page or not."""
    served = {s.path: s for s in client_scripts.served()}
    candidates = exposure.map_candidates([(s.path, s.body, s.headers) for s in served.values()])
    probes = [(script, path) for script, paths in candidates.items() for path in paths]
    answers = send_all(lambda probe: http.get(probe[1]), probes, security_settings.fetch_concurrency)
    findings: dict[str, Finding] = {}  # one per script: its first map found
    for (script, path), answer in zip(probes, answers, strict=True):
        if isinstance(answer, httpx.Response) and script not in findings:
            found = exposure.check_source_map(answer, path, script, served[script].found_in)
            if found:
                findings[script] = found[0]
    evidence.json(
        "source maps probed",
        {"scripts": len(served), "map paths tried": len(probes), "scripts found": client_scripts.summary()["found in"]},
    )
    verdict(list(findings.values()), what="source maps")
