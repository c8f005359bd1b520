"""Caching and compression checks on saved response headers."""

from __future__ import annotations

from postdeploy.checks.smoke.caching import (
    check_api_no_store,
    check_compressed,
    check_static_cache,
    parse_cache_control,
)

YEAR = 31536000


def test_parse_cache_control() -> None:
    assert parse_cache_control('public, max-age=60, IMMUTABLE, x="y"') == {
        "public": None, "max-age": "60", "immutable": None, "x": "y"
    }  # fmt: skip


def test_static_immutable_long_lived() -> None:
    good = {"Cache-Control": "public, max-age=31536000, immutable"}
    assert check_static_cache("/static/app.css", good, YEAR) == []
    (finding,) = check_static_cache("/static/app.css", {"cache-control": "no-cache"}, YEAR)
    assert finding.id == "caching.static"
    assert "no-cache" in finding.message and "not immutable" in finding.message and "max-age 0" in finding.message
    (short,) = check_static_cache("/static/app.css", {"cache-control": "public, max-age=60, immutable"}, YEAR)
    assert "max-age 60 is under 31536000" in short.message
    (absent,) = check_static_cache("/static/app.css", {}, YEAR)
    assert "absent" in absent.message


def test_api_no_store() -> None:
    assert check_api_no_store("/api/listings", {"cache-control": "no-store"}) == []
    (finding,) = check_api_no_store("/api/listings", {"cache-control": "public, max-age=300"})
    assert finding.id == "caching.api-cacheable" and "publicly cacheable" in finding.message


def test_html_compressed() -> None:
    assert check_compressed("/", {"content-encoding": "gzip"}) == []
    assert check_compressed("/", {"Content-Encoding": "br"}) == []
    (finding,) = check_compressed("/", {})
    assert finding.id == "caching.not-compressed" and "uncompressed" in finding.message


def test_tiny_bodies_may_go_uncompressed() -> None:
    assert check_compressed("/", {}, body_bytes=300, min_bytes=1024) == []
    (finding,) = check_compressed("/", {}, body_bytes=4096, min_bytes=1024)
    assert "(4096 bytes)" in finding.message
