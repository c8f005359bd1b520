"""The live-mode guard: a live Stripe key on the checkout page is recognised, and never echoed."""

from __future__ import annotations

import pytest

from postdeploy.flows.booking import booking_slot
from postdeploy.flows.checkout import live_key_kind

# Built at run time: no live-looking key literal lives in the repository.
LIVE_PK = "pk_" + "live_" + "x" * 24


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (f'<div data-publishable-key="{LIVE_PK}"></div>', "pk_live_"),
        (f"Stripe('{LIVE_PK}')", "pk_live_"),
        ('<div data-publishable-key="pk_test_demo_51SkyMarketLocal"></div>', None),
        ("<p>pay with pk_live_ in the docs</p>", None),  # a prefix alone is not a key
        ("", None),
    ],
)
def test_live_key_kind(html: str, expected: str | None) -> None:
    assert live_key_kind(html) == expected


def test_live_key_kind_returns_the_prefix_only() -> None:
    kind = live_key_kind(f"x {LIVE_PK} y")
    assert kind is not None and LIVE_PK not in kind


def test_booking_slot_is_in_the_future_and_well_formed() -> None:
    import datetime as dt

    date, time_of_day = booking_slot(dt.date(2030, 1, 1))
    assert dt.date.fromisoformat(date) > dt.date(2030, 1, 1)
    hours, minutes = time_of_day.split(":")
    assert 9 <= int(hours) <= 16 and minutes in ("00", "30")
