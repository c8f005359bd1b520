"""Smoke-layer faults and the smoke check that must catch each."""

from __future__ import annotations

from postdeploy.demo.faults import Fault

FAULTS: list[Fault] = [
    Fault("health-503", "smoke", "/api/health reports unhealthy with HTTP 503", "test_health.py::test_health_status"),
    Fault(
        "service-down",
        "smoke",
        "the email service reports down: overall status degraded",
        "test_health.py::test_required_services",
    ),
    Fault(
        "wrong-version",
        "smoke",
        "the health endpoint reports an older version than the one deployed",
        "test_health.py::test_deployed_version",
    ),
    Fault("page-500", "smoke", "/browse answers 500", "test_pages.py::test_critical_page[/browse]"),
]
