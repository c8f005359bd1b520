"""The booking flow's pure parts: the id in a booking page's URL, status words, a row's id match,
and the [e2e] settings that describe them."""

from __future__ import annotations

import pytest

from postdeploy.flows.booking import booking_id_in, is_status, normal_status, row_text_pattern
from postdeploy.profile import E2ESettings, ProfileError, load_profile


@pytest.mark.parametrize(
    ("url", "pattern", "expected"),
    [
        ("http://h/bookings/42", r"/bookings/([^/?#]+)", "42"),
        ("http://h/bookings/42?paid=1", r"/bookings/([^/?#]+)", "42"),
        ("http://h/account/reservations/LH-7Q2K9D", r"/account/reservations/(LH-[A-Z0-9]+)", "LH-7Q2K9D"),
        ("http://h/r/x/9/edit", r"/r/(?P<slug>\w+)/(?P<id>\d+)", "9"),  # a group named id wins
        ("http://h/dashboard", r"/bookings/([^/?#]+)", None),
    ],
)
def test_booking_id_in(url: str, pattern: str, expected: str | None) -> None:
    assert booking_id_in(url, pattern) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://h/bookings/42", "42"),
        ("http://h/account/reservations/LH-7Q2K9D?x=1", "LH-7Q2K9D"),
        ("http://h/orders/ord_9", "ord_9"),
        ("http://h/account/reservations", None),
    ],
)
def test_default_booking_url_pattern(url: str, expected: str | None) -> None:
    assert booking_id_in(url, E2ESettings().booking_url_pattern) == expected


def test_status_words_ignore_case_and_spacing() -> None:
    assert normal_status("  Awaiting\n payment ") == "awaiting payment"
    assert is_status("AWAITING PAYMENT", ["Awaiting payment"])
    assert is_status("paid", ["confirmed", "Paid"])
    assert not is_status("unpaid", ["paid"])  # a whole status, not a part of one
    assert not is_status(None, ["cancelled"])


def test_row_text_pattern_matches_the_whole_id() -> None:
    pattern = row_text_pattern("12")
    assert pattern.search("Booking 12 · pending")
    assert not pattern.search("Booking 123 · pending")
    assert not pattern.search("LH-12")  # part of another reference
    assert row_text_pattern("LH-7Q2K9D").search("LH-7Q2K9D Spoon carving")


def test_settings_defaults() -> None:
    settings = E2ESettings()
    assert settings.search_mode == "url" and settings.search_term == ""
    assert settings.bookings_page == settings.dashboard_path == "/dashboard"
    assert E2ESettings(bookings_path="/account/bookings").bookings_page == "/account/bookings"
    assert settings.status_cancelled == ["cancelled", "canceled"] and not settings.signup_confirmation


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('booking_url_pattern = "/bookings/[0-9+"', r"e2e\.booking_url_pattern: .*not a regular expression"),
        ('booking_url_pattern = "/bookings/\\\\d+"', r"e2e\.booking_url_pattern: .*needs a group"),
        ('decline_text = "(declin"', r"e2e\.decline_text: .*not a regular expression"),
        ('search_mode = "ajax"', r"e2e\.search_mode"),
        ('booking_id_attribute = "[data-id]"', r"e2e\.booking_id_attribute: .*not an HTML attribute name"),
    ],
)
def test_bad_settings_are_one_line(tmp_path: pytest.TempPathFactory, line: str, message: str) -> None:
    profile = tmp_path / "p.toml"  # type: ignore[operator]
    profile.write_text(f"[e2e]\nenabled = true\n{line}\n")
    with pytest.raises(ProfileError, match=message) as raised:
        load_profile(profile, env={})
    assert "\n" not in str(raised.value)
