"""Booking page objects: book a listing, read a booking's status, find and cancel it on the dashboard."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time

from playwright.sync_api import Error, Locator, expect

from postdeploy.flows.base import Flow, FlowError
from postdeploy.flows.selectors import locate

_BOOKING_ID = re.compile(r"/bookings/([^/?#]+)")


def booking_slot(today: dt.date | None = None) -> tuple[str, str]:
    """A date 2-5 weeks ahead and a daytime slot, varied so repeated runs do not collide."""
    day = (today or dt.date.today()) + dt.timedelta(days=14 + secrets.randbelow(21))
    return day.isoformat(), f"{9 + secrets.randbelow(8):02d}:{secrets.choice(['00', '30'])}"


class BookingPages:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow

    def book(self, date: str, time_of_day: str) -> str:
        """On a listing page: fill date and time, submit; returns the new booking's id."""
        flow = self.flow
        try:
            flow.sel("booking_date").fill(date, timeout=flow.timeout)
        except Error:
            raise FlowError(f"the listing page has no booking form (at {flow.page.url})") from None
        flow.sel("booking_time").fill(time_of_day)
        flow.sel("book_submit").first.click()
        try:
            flow.page.wait_for_url(_BOOKING_ID, wait_until="load", timeout=flow.timeout)
        except Error:
            raise FlowError(f"booking did not lead to a booking page (at {flow.page.url})") from None
        match = _BOOKING_ID.search(flow.page.url)
        assert match is not None  # wait_for_url matched it
        return match.group(1)

    def status_here(self) -> str:
        """The status shown on the current booking page."""
        flow = self.flow
        status = flow.sel("booking_status").first
        try:
            status.wait_for(state="visible", timeout=flow.timeout)
        except Error:
            raise FlowError(f"the booking page shows no status (at {flow.page.url})") from None
        return status.inner_text().strip().lower()

    def pay_now(self) -> None:
        flow = self.flow
        before = flow.page.url
        flow.sel("pay_now").first.click()
        try:
            flow.page.wait_for_url(lambda url: url != before, wait_until="load", timeout=flow.timeout)
        except Error:
            raise FlowError(f"'Pay now' did not open the checkout (at {flow.page.url})") from None


class Dashboard:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow

    def open(self) -> None:
        flow = self.flow
        flow.goto(flow.settings.dashboard_path)
        try:
            expect(flow.sel("dashboard_heading")).to_be_visible(timeout=flow.timeout)
        except AssertionError:
            raise FlowError(f"the dashboard did not show (at {flow.page.url})") from None

    def row(self, booking_id: str) -> Locator:
        return self.flow.sel("booking_row").and_(self.flow.page.locator(f'[data-booking-id="{booking_id}"]'))

    def status(self, booking_id: str) -> str | None:
        """The booking's status on the (already open) dashboard; None when it is not listed."""
        row = self.row(booking_id)
        if not row.count():
            return None
        return locate(row.first, self.flow.settings.selector("booking_status")).first.inner_text().strip().lower()

    def wait_for_status(self, booking_id: str, wanted: str, timeout_s: float) -> str | None:
        """Reload the dashboard until the booking shows `wanted` or time runs out; the last status seen."""
        deadline = time.monotonic() + timeout_s
        while True:
            self.open()
            seen = self.status(booking_id)
            if seen == wanted or time.monotonic() >= deadline:
                return seen
            time.sleep(0.5)

    def cancel(self, booking_id: str) -> None:
        """Cancel from the dashboard; done when the row shows a cancelled status or leaves the list."""
        flow = self.flow
        row = self.row(booking_id)
        if not row.count():
            raise FlowError(f"booking {booking_id} is not on the dashboard")
        locate(row.first, flow.settings.selector("cancel_booking")).first.click()
        deadline = time.monotonic() + flow.timeout / 1000
        while time.monotonic() < deadline:
            try:
                status = self.status(booking_id)
            except Error:
                status = ""  # the page is reloading after the cancel
            if status is None or (status and "cancel" in status):
                return
            flow.page.wait_for_timeout(100)
        raise FlowError(f"booking {booking_id} does not show as cancelled after 'Cancel' (status {status!r})")
