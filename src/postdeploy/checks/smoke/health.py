"""The health endpoint: its answer read through the profile's schema ([health] status/version/services
fields and the values that mean ok or degraded), and the checks on it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from postdeploy.checks.dotted import MISSING, dotted_get
from postdeploy.findings import Finding, Severity
from postdeploy.profile.smoke import HealthSettings

__all__ = [
    "HealthReport",
    "ServiceState",
    "check_health_status",
    "check_services",
    "check_version",
    "parse_health",
    "read_health",
]

Level = Literal["up", "degraded", "down"]
_NOT_JSON = object()
# Where apps put a failing service's reason (the demo's `error`, the IETF health draft's `output`…).
_DETAIL_KEYS = ("error", "detail", "message", "output")


@dataclass(frozen=True)
class ServiceState:
    name: str
    state: str  # the word the endpoint reported ("up", "warn", "false")
    level: Level
    detail: str | None = None


@dataclass(frozen=True)
class HealthReport:
    """What the checks read: the overall state (None when judged by HTTP status alone), the version
    (None when not reported) and the services by name."""

    state: str | None
    level: Level | None
    version: str | None
    services: dict[str, ServiceState] = field(default_factory=dict)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _level(value: Any, schema: HealthSettings) -> Level:
    return "up" if schema.is_ok(value) else "degraded" if schema.is_degraded(value) else "down"


def _service(name: str, raw: Any, schema: HealthSettings) -> ServiceState:
    """One service as reported: a word, an object with the state key, or (IETF health draft) a list of
    such objects, of which the worst decides."""
    entries = raw if isinstance(raw, list) else [raw]
    worst: ServiceState | None = None
    rank = {"up": 0, "degraded": 1, "down": 2}
    for entry in entries:
        value = entry.get(schema.service_state_key, MISSING) if isinstance(entry, dict) else entry
        if value is MISSING or isinstance(value, dict | list):
            state = ServiceState(name, "no " + schema.service_state_key, "down", None)
        else:
            detail = next((_text(entry[k]) for k in _DETAIL_KEYS if isinstance(entry, dict) and entry.get(k)), None)
            state = ServiceState(name, _text(value), _level(value, schema), detail)
        if worst is None or rank[state.level] > rank[worst.level]:
            worst = state
    return worst or ServiceState(name, "nothing reported", "down")


def read_health(data: Any, schema: HealthSettings) -> tuple[HealthReport | None, list[Finding]]:
    """The report the schema describes, or a finding naming the field that is missing or malformed."""
    problems: list[str] = []
    state: str | None = None
    level: Level | None = None
    if schema.status_field:
        value = dotted_get(data, schema.status_field)
        if value is MISSING or isinstance(value, dict | list):
            problems.append(f"no status at {schema.status_field!r}")
        else:
            state, level = _text(value), _level(value, schema)
    version_value = dotted_get(data, schema.version_field) if schema.version_field else MISSING
    version = None if version_value is MISSING or version_value is None else _text(version_value)
    services: dict[str, ServiceState] = {}
    raw = dotted_get(data, schema.services_field) if schema.services_field else MISSING
    if isinstance(raw, dict):
        services = {str(name): _service(str(name), entry, schema) for name, entry in raw.items()}
    elif isinstance(raw, list):
        for entry in raw:
            name = entry.get(schema.service_name_key) if isinstance(entry, dict) else None
            if name is None:
                problems.append(f"an item of {schema.services_field!r} has no {schema.service_name_key!r}")
                break
            services[_text(name)] = _service(_text(name), entry, schema)
    elif raw is not MISSING and raw is not None:
        problems.append(f"{schema.services_field!r} is neither a mapping nor a list")
    if problems:
        return None, [
            Finding(
                "health.bad-shape",
                Severity.CRITICAL,
                "health response does not match the profile's [health] schema: " + "; ".join(problems),
                {"body_head": json.dumps(data)[:200]},
            )
        ]
    return HealthReport(state, level, version, services), []


def parse_health(
    body: bytes | str, content_type: str = "", schema: HealthSettings | None = None
) -> tuple[HealthReport | None, list[Finding]]:
    """The health report, or a finding saying in words why there is none (HTML error page, bad JSON,
    a field the schema names is missing)."""
    schema = schema or HealthSettings()
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
        if not schema.status_field and not schema.services_field:
            return HealthReport(None, None, None), []  # judged by the HTTP status alone: any body will do
        return None, [
            Finding(
                "health.not-json",
                Severity.CRITICAL,
                f"health response is {what} (content-type {content_type or 'none'})",
                {"content_type": content_type, "body_head": text[:200]},
            )
        ]
    return read_health(data, schema)


def check_health_status(status_code: int, health: HealthReport | None) -> list[Finding]:
    """HTTP 503 (or any non-200) or an overall state that is neither ok nor degraded fails the deploy."""
    findings: list[Finding] = []
    if status_code != 200:
        reported = f" (reports {health.state})" if health and health.state is not None else ""
        findings.append(
            Finding(
                "health.http-status",
                Severity.CRITICAL,
                f"health endpoint answered HTTP {status_code}{reported}, expected 200",
                {"status": status_code},
            )
        )
    if health is not None and health.level == "down":
        findings.append(
            Finding(
                "health.unhealthy",
                Severity.CRITICAL,
                f"health endpoint reports status {health.state!r}",
                {"status": health.state},
            )
        )
    return findings


def check_services(health: HealthReport, required: Iterable[str], allow_degraded: bool = False) -> list[Finding]:
    """Every required service present and up (a degraded one fails unless allowed); an overall
    degraded state fails unless allowed, naming who is not up."""
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
        elif service.level == "down" or (service.level == "degraded" and not allow_degraded):
            detail = f": {service.detail}" if service.detail else ""
            findings.append(
                Finding(
                    "health.service-down",
                    Severity.CRITICAL if service.level == "down" else Severity.HIGH,
                    f"service {name!r} is {service.state}{detail}",
                    {"service": name, "status": service.state},
                    subject=name,
                )
            )
    if health.level == "degraded" and not allow_degraded:
        not_up = [s for s in health.services.values() if s.level != "up"]
        who = f" ({', '.join(f'{s.name} {s.state}' for s in not_up)})" if not_up else ""
        findings.append(
            Finding(
                "health.degraded",
                Severity.HIGH,
                f"health endpoint reports status {health.state!r}{who}",
                {"services_not_up": [s.name for s in not_up]},
            )
        )
    return findings


def check_version(health: HealthReport, expected: str | None, version_field: str = "version") -> list[Finding]:
    """The live version is the one just deployed: otherwise the old deploy is still serving."""
    if not expected or health.version == expected:
        return []
    if health.version is None:
        return [
            Finding(
                "health.version-missing",
                Severity.HIGH,
                f"health endpoint reports no version at {version_field!r}, expected {expected!r} "
                "(set [health] version_field to where it is)",
                {"expected": expected, "version_field": version_field},
            )
        ]
    return [
        Finding(
            "health.wrong-version",
            Severity.CRITICAL,
            f"old version still live: health reports version {health.version!r}, expected {expected!r}",
            {"reported": health.version, "expected": expected},
        )
    ]


def check_health_latency(elapsed_ms: float, limit_ms: float) -> list[Finding]:
    """A health endpoint slower than the profile's limit: the deploy is up but struggling."""
    if elapsed_ms <= limit_ms:
        return []
    return [Finding("health.slow", Severity.HIGH, f"health endpoint took {elapsed_ms:.0f} ms, over {limit_ms:g} ms")]
