"""The journeys' pure parts: placeholders, extraction, the profile's checks of a journey, and which
endpoint SLA keys name a request (no Locust here)."""

from __future__ import annotations

import random
import re

import pytest
from pydantic import ValidationError

from postdeploy.load.config import parse_config
from postdeploy.load.journeys import fill_form, fill_path, fill_payload, json_values, pick, url_value
from postdeploy.profile.load import LoadSettings, Login, Step

CLASSES = {"items": [{"slug": "raku", "fee": {"amount": 65}}, {"slug": "spoon", "fee": {"amount": 40}}], "total": 2}


def test_paths_are_filled_with_quoted_values() -> None:
    assert fill_path("/classes/{slug}?q={term}", {"slug": "raku", "term": "a b&c"}) == "/classes/raku?q=a%20b%26c"


def test_a_whole_placeholder_keeps_its_type_in_a_payload() -> None:
    payload = {"class": "{slug}", "seats": "{n}", "note": "for {slug}", "tags": ["{slug}"], "fixed": 1}
    filled = fill_payload(payload, {"slug": "raku", "n": 2})
    assert filled == {"class": "raku", "seats": 2, "note": "for raku", "tags": ["raku"], "fixed": 1}


def test_a_form_is_filled_as_text() -> None:
    assert fill_form({"class": "{slug}", "seats": "{n}", "note": "for {slug}"}, {"slug": "raku", "n": 2}) == {
        "class": "raku",
        "seats": "2",
        "note": "for raku",
    }


@pytest.mark.parametrize(
    ("document", "path", "expected"),
    [
        (CLASSES, "items.*.slug", ["raku", "spoon"]),
        (CLASSES, "items.1.fee.amount", [40]),
        (CLASSES, "items.-1.slug", ["spoon"]),
        (CLASSES, "total", [2]),
        ([{"id": 1}, {"id": 2}, {"name": "x"}], "*.id", [1, 2]),
        (CLASSES, "items.*.fee", []),  # objects are not values
        (CLASSES, "items.5.slug", []),
        ({"ok": True}, "ok", []),  # booleans are not ids
        ("text", "a", []),
    ],
)
def test_json_values(document: object, path: str, expected: list[object]) -> None:
    assert json_values(document, path) == expected


def test_url_value_and_pick() -> None:
    assert url_value("http://h/bookings/42?x=1", r"/bookings/(\d+)") == "42"
    assert url_value("http://h/dashboard", r"/bookings/(\d+)") is None
    assert pick(["a", "b"], random.Random(1)) in {"a", "b"}


def test_request_names_default_to_the_path_template() -> None:
    assert Step(path="/classes/{slug}").request_name == "/classes/[slug]"
    assert Step(path="/b/{id}/cancel", name="/b/[x]/cancel", method="POST").request_name == "/b/[x]/cancel"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"journeys": [{"name": "a", "steps": [{"path": "/x/{id}"}]}]}, "no value for {id}"),
        ({"journeys": [{"name": "a", "steps": [{"path": "/x/{id}"}, {"path": "/l", "extract": {"id": "0"}}]}]},
         "no value for {id}"),  # extracted too late
        ({"journeys": [{"name": "a", "login": True, "steps": [{"path": "/"}]}]}, "[load.login] is not set"),
        ({"journeys": [{"name": "a", "steps": [{"path": "/"}]}, {"name": "a", "steps": [{"path": "/"}]}]},
         "unique"),
        ({"journeys": [{"name": "a", "steps": [{"path": "x"}]}]}, "must start with /"),
        ({"journeys": [{"name": "a", "steps": [{"path": "/", "json": {}, "form": {}}]}]}, "not both"),
        ({"journeys": [{"name": "a", "steps": [{"path": "/", "extract_url": {"id": "no-group"}}]}]}, "(group)"),
        ({"journeys": [{"name": "a", "steps": [{"path": "/", "wat": 1}]}]}, "Extra inputs"),
        ({"values": {"term": []}}, "at least 1"),
    ],
)  # fmt: skip
def test_journeys_that_cannot_run_are_refused(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        LoadSettings.model_validate(settings)


def test_values_and_earlier_extracts_satisfy_placeholders() -> None:
    settings = LoadSettings.model_validate(
        {
            "values": {"term": ["x"]},
            "login": {"path": "/api/auth/session"},
            "journeys": [
                {"name": "a", "steps": [{"path": "/s?q={term}"}]},
                {"name": "b", "login": True, "steps": [
                    {"path": "/api/c", "extract": {"slug": "items.*.slug"}},
                    {"method": "POST", "path": "/api/r", "json": {"class": "{slug}"}},
                ]},
            ],
        }
    )  # fmt: skip
    assert settings.request_names() == {("GET", "/s?q=[term]"), ("GET", "/api/c"), ("POST", "/api/r"),
                                        ("POST", "/api/auth/session")}  # fmt: skip


def test_the_default_journey_loads_the_home_page() -> None:
    assert LoadSettings().request_names() == {("GET", "/")}
    assert Login().request_name == "/api/auth/login"


def test_endpoint_sla_keys_must_name_a_journey_request() -> None:
    config = parse_config(
        '[shapes.s]\nstages = [{ users = 1, spawn_rate = 1, duration = 1 }]\n'
        '[sla.endpoints."/a"]\np95_ms = 1\n[sla.endpoints."POST /a"]\np95_ms = 1\n'
        '[sla.endpoints."GET /b"]\np95_ms = 1\n[sla.endpoints."/typo"]\np95_ms = 1\n'
    )
    assert config.unknown_endpoints({("GET", "/a"), ("GET", "/b")}) == ["POST /a", "/typo"]
