"""The image optimizer is not an open proxy: unlisted, loopback and link-local URLs are refused."""

from __future__ import annotations

import httpx
import pytest

from postdeploy.checks.security import image_proxy
from postdeploy.checks.security.parallel import send_all
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import SecuritySettings


def test_image_optimizer_refuses_foreign_urls(
    http: httpx.Client, security_settings: SecuritySettings, base_url: str, evidence: Evidence, verdict: Verdict
) -> None:
    """The image optimizer refuses unlisted remote, loopback and link-local URLs."""
    optimizer = security_settings.image_optimizer_path
    if not optimizer:
        pytest.skip("profile image_optimizer_path is empty: no image optimizer")
    bare = http.get(optimizer)
    if not image_proxy.optimizer_present(bare):
        pytest.skip(f"no image optimizer at {optimizer} (HTTP {bare.status_code})")
    probes = image_proxy.probes(base_url, security_settings.image_probe_url)
    paths = [image_proxy.probe_path(optimizer, p.url) for p in probes]
    # At once: an optimizer that does fetch may wait seconds on an address that never answers.
    answers = send_all(http.get, paths, len(paths))
    findings: list[Finding] = []
    tried: list[dict[str, object]] = []
    for probe, path, answer in zip(probes, paths, answers, strict=True):
        if isinstance(answer, httpx.TransportError):
            tried.append({"url": probe.url, "answer": f"no answer: {answer}"})
            continue
        tried.append({"url": probe.url, "status": answer.status_code})
        findings += image_proxy.check_probe(probe, answer, path)
    evidence.json("image optimizer probes", tried)
    verdict(findings, what="image optimizer")
