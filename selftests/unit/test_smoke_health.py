"""Health checks on saved health responses shaped like the origin documents' `app/api/health/route.ts`."""

from __future__ import annotations

import json
from typing import Any

from postdeploy.checks.smoke.health import (
    check_health_status,
    check_services,
    check_version,
    parse_health,
    read_health,
)
from postdeploy.profile import HealthSettings

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
    assert health.services["database"].level == "up" and health.version == "abc123"


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
    health, problems = parse_health(b'{"state": "fine"}')
    assert health is None and ids(problems) == ["health.bad-shape"]
    assert "no status at 'status'" in problems[0].message


def test_unknown_status_word_is_down() -> None:
    health, problems = parse_health(b'{"status": "fine"}')
    assert health is not None and problems == []
    assert ids(check_health_status(200, health)) == ["health.unhealthy"]


def test_bare_ok_passes_and_missing_version_is_fine_without_expectation() -> None:
    health, problems = parse_health(b'{"status": "ok"}', "application/json")
    assert health is not None and problems == []
    assert check_health_status(200, health) == check_services(health, []) == check_version(health, None) == []
    (finding,) = check_version(health, "abc123")
    assert finding.id == "health.version-missing" and "'version'" in finding.message


def test_boolean_status_nested_version_and_a_list_of_checks() -> None:
    schema = HealthSettings(
        status_field="ok", version_field="build.sha", services_field="checks", service_state_key="state"
    )
    data = {
        "ok": True,
        "build": {"sha": "f00"},
        "checks": [
            {"name": "db", "state": "pass"},
            {"name": "mail", "state": "warn", "detail": "queue slow"},
            {"name": "pay", "state": "fail"},
        ],
    }
    health, problems = read_health(data, schema)
    assert health is not None and problems == []
    assert (health.level, health.version) == ("up", "f00")
    findings = check_services(health, ["db", "mail", "pay"])
    assert [(f.subject, f.severity.label) for f in findings] == [("mail", "high"), ("pay", "critical")]
    assert "'mail' is warn: queue slow" in findings[0].message
    assert check_services(health, ["db", "mail"], allow_degraded=True) == []
    down, _ = read_health({**data, "ok": False}, schema)
    assert down is not None and ids(check_health_status(503, down)) == ["health.http-status", "health.unhealthy"]


def test_ietf_health_draft_shape() -> None:
    # application/health+json: checks is a mapping of name → list of observations; the worst decides.
    schema = HealthSettings(services_field="checks")
    data = {"status": "pass", "checks": {"db:responseTime": [{"status": "pass"}, {"status": "warn", "output": "slow"}]}}
    health, _ = read_health(data, schema)
    assert health is not None
    (service,) = health.services.values()
    assert (service.level, service.detail) == ("degraded", "slow")


def test_status_field_empty_judges_by_http_alone() -> None:
    schema = HealthSettings(status_field="", services_field="")
    health, problems = parse_health(b"OK", "text/plain", schema)
    assert health is not None and problems == [] and check_health_status(200, health) == []
    assert ids(check_health_status(503, health)) == ["health.http-status"]


def test_services_list_without_names_is_a_shape_problem() -> None:
    schema = HealthSettings(services_field="checks")
    health, problems = read_health({"status": "ok", "checks": [{"status": "up"}]}, schema)
    assert health is None and "has no 'name'" in problems[0].message
