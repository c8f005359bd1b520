"""The health endpoint: its response model (the origin documents' `app/api/health/route.ts`) and checks."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from postdeploy.findings import Finding, Severity

__all__ = [
    "HealthResponse",
    "ServiceHealth",
    "check_health_status",
    "check_services",
    "check_version",
    "parse_health",
]

_NOT_JSON = object()


class ServiceHealth(BaseModel):
    # Extra keys (lastCheck, error, region…) are the app's business: keep them, don't fail on them.
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    status: Literal["up", "down", "degraded"]
    response_time: float | None = Field(default=None, alias="responseTime", ge=0)
    error: str | None = None


class HealthResponse(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    status: Literal["healthy", "degraded", "unhealthy"]
    timestamp: str | None = None
    version: str
    response_time: float | None = Field(default=None, alias="responseTime", ge=0)
    services: dict[str, ServiceHealth] = Field(default_factory=dict)


def parse_health(body: bytes | str, content_type: str = "") -> tuple[HealthResponse | None, list[Finding]]:
    """The health response, or a finding saying in words why it is not one (HTML error page, bad JSON)."""
    raw = body.encode() if isinstance(body, str) else body
    text = raw.decode("utf-8", errors="replace")
    html = "html" in content_type.lower() or text.lstrip()[:1] == "<"
    what = "not JSON but an HTML page" if html else "not JSON"
    try:
        data: Any = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        what, data = "not valid UTF-8 (so not JSON)", _NOT_JSON
    except ValueError:
        data = _NOT_JSON
    if data is _NOT_JSON:
        return None, [
            Finding(
                "health.not-json",
                Severity.CRITICAL,
                f"health response is {what} (content-type {content_type or 'none'})",
                {"content_type": content_type, "body_head": text[:200]},
            )
        ]
    try:
        return HealthResponse.model_validate(data), []
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '<root>'}: {e['msg']}" for e in exc.errors()[:5])
        return None, [
            Finding(
                "health.bad-shape",
                Severity.CRITICAL,
                f"health response does not match the expected shape: {problems}",
                {"body_head": text[:200]},
            )
        ]


def check_health_status(status_code: int, health: HealthResponse | None) -> list[Finding]:
    """HTTP 503 (or any non-200) or an `unhealthy` overall status fails the deploy."""
    findings: list[Finding] = []
    if status_code != 200:
        reported = f" (reports {health.status})" if health else ""
        findings.append(
            Finding(
                "health.http-status",
                Severity.CRITICAL,
                f"health endpoint answered HTTP {status_code}{reported}, expected 200",
                {"status": status_code},
            )
        )
    if health is not None and health.status == "unhealthy":
        findings.append(
            Finding("health.unhealthy", Severity.CRITICAL, "health endpoint reports status 'unhealthy'", {})
        )
    return findings


def check_services(health: HealthResponse, required: Iterable[str], allow_degraded: bool = False) -> list[Finding]:
    """Every required service present and up; `degraded` overall fails unless allowed, naming who is down."""
    findings: list[Finding] = []
    required = list(required)
    wanted = required or list(health.services)
    for name in wanted:
        service = health.services.get(name)
        if service is None:
            findings.append(
                Finding(
                    "health.service-missing",
                    Severity.HIGH,
                    f"required service {name!r} is not reported by the health endpoint "
                    f"(reported: {', '.join(health.services) or 'none'})",
                    {"service": name},
                    subject=name,
                )
            )
        elif service.status != "up":
            detail = f": {service.error}" if service.error else ""
            findings.append(
                Finding(
                    "health.service-down",
                    Severity.CRITICAL if service.status == "down" else Severity.HIGH,
                    f"service {name!r} is {service.status}{detail}",
                    {"service": name, "status": service.status},
                    subject=name,
                )
            )
    if health.status == "degraded" and not allow_degraded:
        not_up = [n for n, s in health.services.items() if s.status != "up"]
        who = f" ({', '.join(f'{n} {health.services[n].status}' for n in not_up)})" if not_up else ""
        findings.append(
            Finding(
                "health.degraded",
                Severity.HIGH,
                f"health endpoint reports status 'degraded'{who}",
                {"services_not_up": not_up},
            )
        )
    return findings


def check_version(health: HealthResponse, expected: str | None) -> list[Finding]:
    """The live version is the one just deployed: otherwise the old deploy is still serving."""
    if not expected or health.version == expected:
        return []
    return [
        Finding(
            "health.wrong-version",
            Severity.CRITICAL,
            f"old version still live: health reports version {health.version!r}, expected {expected!r}",
            {"reported": health.version, "expected": expected},
        )
    ]
