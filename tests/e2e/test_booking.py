"""Booking flow (destructive): book a listing, see it confirmed and in the dashboard, cancel it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from postdeploy.flows.base import Flow
from postdeploy.flows.booking import BookingPages, Dashboard, booking_slot, is_status
from postdeploy.flows.browse import BrowsePage


@pytest.mark.destructive
def test_book_find_in_dashboard_and_cancel(signed_in_flow: Flow, booking_cleanup: Callable[[Flow, str], None]) -> None:
    """A booking can be made, found in the bookings list and cancelled."""
    flow = signed_in_flow
    with flow.step("pick a listing"):
        BrowsePage(flow).open()
        BrowsePage(flow).open_first_listing()
    with flow.step("book a date and a time"):
        booking = BookingPages(flow)
        booking_id = booking.book(*booking_slot())
        booking_cleanup(flow, booking_id)
        status = booking.status_here()
        fresh = [*flow.settings.status_pending, *flow.settings.status_confirmed]
        assert is_status(status, fresh), f"the new booking {booking_id} shows status {status!r} (expected {fresh})"
    dashboard = Dashboard(flow)
    with flow.step("find the booking in the list of bookings"):
        dashboard.open()
        listed = dashboard.status(booking_id)
        assert listed is not None, f"booking {booking_id} is not in the list of bookings"
    with flow.step("cancel the booking"):
        dashboard.cancel(booking_id)
