"""Critical pages and APIs: status, no 5xx, expected text or JSON fields, content type, response time."""

from __future__ import annotations

import json
from typing import Any

import httpx

from postdeploy.checks.dotted import MISSING, dotted_get
from postdeploy.findings import Finding, Severity
from postdeploy.profile.smoke import PageSpec

__all__ = ["check_page", "json_field_missing"]

def json_field_missing(data: Any, dotted: str) -> bool:
    """True when `dotted` ("services.database.status", "0.id") does not resolve in `data`."""
    return not dotted or dotted_get(data, dotted) is MISSING


def check_page(spec: PageSpec, response: httpx.Response, elapsed_ms: float) -> list[Finding]:
    """Everything the profile expects of one page, each miss a finding in words."""
    findings: list[Finding] = []
    path = spec.path
    status = response.status_code
    if status >= 500:
        findings.append(
            Finding(
                "page.server-error",
                Severity.CRITICAL,
                f"{path} answered HTTP {status} (server error)",
                {"status": status},
                subject=path,
            )
        )
    elif status != spec.status:
        where = f" → {response.headers['location']}" if "location" in response.headers else ""
        findings.append(
            Finding(
                "page.status",
                Severity.HIGH,
                f"{path} answered HTTP {status}{where}, expected {spec.status}",
                {"status": status, "expected": spec.status},
                subject=path,
            )
        )
    if elapsed_ms > spec.max_response_ms:
        findings.append(
            Finding(
                "page.slow",
                Severity.HIGH,
                f"{path} took {elapsed_ms:.0f} ms, over its limit of {spec.max_response_ms} ms",
                {"elapsed_ms": round(elapsed_ms), "limit_ms": spec.max_response_ms},
                subject=path,
            )
        )
    content_type = response.headers.get("content-type", "")
    if spec.content_type and not content_type.lower().startswith(spec.content_type.lower()):
        findings.append(
            Finding(
                "page.content-type",
                Severity.HIGH,
                f"{path} has content-type {content_type or 'none'!r}, expected {spec.content_type!r}",
                {"content_type": content_type, "expected": spec.content_type},
                subject=path,
            )
        )
    if spec.text:
        body = response.text
        missing = [t for t in spec.text if t not in body]
        if missing:
            findings.append(
                Finding(
                    "page.missing-text",
                    Severity.HIGH,
                    f"{path} does not contain the expected text {', '.join(map(repr, missing))}",
                    {"missing": missing},
                    subject=path,
                )
            )
    if spec.json_fields:
        findings += _check_json_fields(spec, response, content_type)
    return findings


def _check_json_fields(spec: PageSpec, response: httpx.Response, content_type: str) -> list[Finding]:
    path = spec.path
    try:
        data: Any = json.loads(response.content)
    except ValueError:
        kind = "an HTML page" if "html" in content_type.lower() else "a body that is not JSON"
        return [
            Finding(
                "page.not-json",
                Severity.HIGH,
                f"{path} answered {kind} where JSON was expected",
                {"content_type": content_type},
                subject=path,
            )
        ]
    missing = [f for f in spec.json_fields if json_field_missing(data, f)]
    if not missing:
        return []
    return [
        Finding(
            "page.missing-json-field",
            Severity.HIGH,
            f"{path} JSON lacks the expected field(s) {', '.join(map(repr, missing))}",
            {"missing": missing},
            subject=path,
        )
    ]
