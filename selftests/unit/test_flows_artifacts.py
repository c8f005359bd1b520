"""Trace redaction: fill values, form bodies, cookies and auth headers are masked in the trace zip."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from postdeploy.flows.artifacts import redact_trace, trace_contains
from postdeploy.flows.health import PageHealthError, origin_of
from postdeploy.redact import secret_variants

PASSWORD = "s3cret pass&word"


def make_trace(path: Path) -> None:
    fill = {"type": "before", "method": "fill", "params": {"selector": "#password", "value": PASSWORD}}
    network = {
        "type": "resource-snapshot",
        "snapshot": {
            "request": {
                "postData": {"text": "email=a%40b.test&password=s3cret+pass%26word"},
                "headers": [{"name": "Cookie", "value": "sm_session=abcdef123456"}, {"name": "Accept", "value": "*/*"}],
                "cookies": [{"name": "sm_session", "value": "abcdef123456"}],
            },
            "response": {"headers": [{"name": "Set-Cookie", "value": "sm_session=abcdef123456; HttpOnly"}]},
        },
    }
    with zipfile.ZipFile(path, "w") as trace:
        trace.writestr("trace.trace", json.dumps(fill) + "\n")
        trace.writestr("trace.network", json.dumps(network) + "\n")
        trace.writestr("resources/page.html", f'<input value="{PASSWORD}">')
        trace.writestr("resources/shot.jpeg", b"\xff\xd8\xff\xe0binary")


def test_redact_trace_masks_secrets_in_every_form(tmp_path: Path) -> None:
    path = tmp_path / "trace.zip"
    make_trace(path)
    redact_trace(path, [PASSWORD])
    for needle in (PASSWORD, "s3cret+pass%26word", "abcdef123456"):
        assert not trace_contains(path, needle), needle
    with zipfile.ZipFile(path) as trace:
        assert trace.read("resources/shot.jpeg") == b"\xff\xd8\xff\xe0binary"
        events = [json.loads(line) for line in trace.read("trace.network").decode().splitlines()]
        headers = {h["name"]: h["value"] for h in events[0]["snapshot"]["request"]["headers"]}
        assert headers == {"Cookie": "[REDACTED]", "Accept": "*/*"}


def test_secret_variants_cover_url_and_json_encodings() -> None:
    variants = secret_variants(['a"b c&d'])
    assert {'a"b c&d', "a%22b%20c%26d", "a%22b+c%26d", 'a\\"b c&d'} <= set(variants)


def test_page_health_error_names_the_step_and_caps_the_list() -> None:
    error = PageHealthError("open the listings", [f"console error {n}" for n in range(5)])
    assert str(error).startswith("step 'open the listings': page health: console error 0;")
    assert "… 2 more" in str(error)


def test_origin_of() -> None:
    assert origin_of("HTTP://127.0.0.1:8000/browse?q=x") == "http://127.0.0.1:8000"
