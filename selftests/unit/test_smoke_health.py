"""Health checks on saved health responses shaped like the origin documents' `app/api/health/route.ts`."""

from __future__ import annotations

import json
from typing import Any

from postdeploy.checks.smoke.health import check_health_status, check_services, check_version, parse_health

SERVICES = ("database", "stripe", "email", "ai")


def body(status: str = "healthy", version: str = "abc123", down: tuple[str, ...] = ()) -> bytes:
    data: dict[str, Any] = {
        "status": status,
        "timestamp": "2026-11-22T01:00:00.000Z",
        "version": version,
        "responseTime": 42,
        "services": {
            name: {"status": "down" if name in down else "up", "responseTime": 5, "lastCheck": "2026-11-22T01:00:00Z"}
            for name in SERVICES
        },
    }
    return json.dumps(data).encode()


def ids(findings: list[Any]) -> list[str]:
    return [f.id for f in findings]


def test_healthy_response_passes_everything() -> None:
    health, problems = parse_health(body(), "application/json")
    assert health is not None and problems == []
    assert check_health_status(200, health) == []
    assert check_services(health, SERVICES) == []
    assert check_version(health, "abc123") == []
    assert health.services["database"].response_time == 5


def test_503_unhealthy_fails_status() -> None:
    health, _ = parse_health(body("unhealthy", down=("database",)))
    findings = check_health_status(503, health)
    assert ids(findings) == ["health.http-status", "health.unhealthy"]
    assert "HTTP 503" in findings[0].message and "unhealthy" in findings[0].message


def test_degraded_names_the_service_down() -> None:
    health, _ = parse_health(body("degraded", down=("email",)))
    assert health is not None
    assert check_health_status(200, health) == []
    findings = check_services(health, SERVICES)
    assert ids(findings) == ["health.service-down", "health.degraded"]
    assert "'email' is down" in findings[0].message
    assert check_services(health, ["database"], allow_degraded=True) == []


def test_missing_required_service() -> None:
    health, _ = parse_health(body())
    assert health is not None
    findings = check_services(health, ["database", "search"])
    assert ids(findings) == ["health.service-missing"] and "'search'" in findings[0].message


def test_wrong_version_says_old_version_live() -> None:
    health, _ = parse_health(body(version="demo-0.9.0"))
    assert health is not None
    (finding,) = check_version(health, "demo-1.0.0")
    assert "old version still live" in finding.message and "demo-0.9.0" in finding.message
    assert check_version(health, None) == []


def test_html_error_page_is_not_json() -> None:
    health, problems = parse_health(b"<html><h1>502 Bad Gateway</h1></html>", "text/html")
    assert health is None and ids(problems) == ["health.not-json"]
    assert "not JSON" in problems[0].message and "HTML" in problems[0].message


def test_invalid_utf8_is_named() -> None:
    health, problems = parse_health(b'{"status": "healthy", "version": "\xff\xfe"}', "application/json")
    assert health is None and "UTF-8" in problems[0].message


def test_wrong_shape_names_the_field() -> None:
    health, problems = parse_health(b'{"status": "fine"}')
    assert health is None and ids(problems) == ["health.bad-shape"]
    assert "status" in problems[0].message and "version" in problems[0].message
