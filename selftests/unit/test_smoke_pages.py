"""Critical-page checks on saved responses: status, 5xx, text, JSON fields, content type, time limit."""

from __future__ import annotations

import httpx

from postdeploy.checks.smoke.pages import check_page, json_field_missing
from postdeploy.profile import PageSpec

REQUEST = httpx.Request("GET", "http://site.test/browse")


def page(
    status: int = 200,
    text: str = "<h1>Browse</h1>",
    ctype: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    return httpx.Response(
        status, content=text.encode(), headers={"content-type": ctype, **(headers or {})}, request=REQUEST
    )


def ids(findings: list[object]) -> list[str]:
    return [f.id for f in findings]  # type: ignore[attr-defined]


def test_healthy_page_passes() -> None:
    spec = PageSpec(path="/browse", text=["Browse"], content_type="text/html", max_response_ms=1000)
    assert check_page(spec, page(), 120) == []


def test_server_error_is_named() -> None:
    (finding,) = check_page(PageSpec(path="/browse"), page(500, "oops"), 10)
    assert finding.id == "page.server-error" and "HTTP 500" in finding.message


def test_unexpected_redirect_shows_location() -> None:
    (finding,) = check_page(PageSpec(path="/"), page(302, "", headers={"location": "/login"}), 10)
    assert finding.id == "page.status" and "/login" in finding.message


def test_slow_page_over_its_limit() -> None:
    (finding,) = check_page(PageSpec(path="/browse", max_response_ms=1000), page(), 1800)
    assert finding.id == "page.slow" and "1800 ms" in finding.message and "1000 ms" in finding.message


def test_missing_text_and_wrong_type() -> None:
    spec = PageSpec(path="/browse", text=["Browse", "SkyMarket"], content_type="application/json")
    assert ids(check_page(spec, page(), 10)) == ["page.content-type", "page.missing-text"]


def test_json_fields() -> None:
    spec = PageSpec(path="/api/listings", json_fields=["0.id", "0.title", "0.price"])
    response = page(text='[{"id": 1, "title": "Drone survey"}]', ctype="application/json")
    (finding,) = check_page(spec, response, 10)
    assert finding.id == "page.missing-json-field" and "'0.price'" in finding.message


def test_html_where_json_expected() -> None:
    spec = PageSpec(path="/api/listings", json_fields=["0.id"])
    (finding,) = check_page(spec, page(text="<html>error</html>"), 10)
    assert finding.id == "page.not-json" and "HTML" in finding.message


def test_json_field_paths() -> None:
    data = {"services": {"database": {"status": "up"}}, "items": [{"id": 1}]}
    assert not json_field_missing(data, "services.database.status")
    assert not json_field_missing(data, "items.0.id")
    assert json_field_missing(data, "items.1.id")
    assert json_field_missing(data, "services.email")
