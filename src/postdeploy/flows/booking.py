"""Booking page objects: book a listing, read a booking's status, find and cancel it in the list of bookings."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time
from collections.abc import Sequence

from playwright.sync_api import Dialog, Error, Locator, expect

from postdeploy.flows.base import Flow, FlowError
from postdeploy.flows.selectors import locate


def booking_slot(today: dt.date | None = None) -> tuple[str, str]:
    """A date 2-5 weeks ahead and a daytime slot, varied so repeated runs do not collide."""
    day = (today or dt.date.today()) + dt.timedelta(days=14 + secrets.randbelow(21))
    return day.isoformat(), f"{9 + secrets.randbelow(8):02d}:{secrets.choice(['00', '30'])}"


def booking_id_in(url: str, pattern: str) -> str | None:
    """The booking id in a URL per the profile's pattern (its group `id`, else its first group)."""
    match = re.search(pattern, url)
    if match is None:
        return None
    return match.group("id") if "id" in match.re.groupindex else match.group(1)


def normal_status(text: str) -> str:
    return " ".join(text.split()).lower()


def is_status(shown: str | None, words: Sequence[str]) -> bool:
    """Whether a status as shown is one of the profile's words for it (case and spacing aside)."""
    return shown is not None and normal_status(shown) in {normal_status(word) for word in words}


def row_text_pattern(booking_id: str) -> re.Pattern[str]:
    """The id as a whole word in a row's text (booking 12 is not booking 123)."""
    return re.compile(rf"(?<![\w-]){re.escape(booking_id)}(?![\w-])")


def _accept(dialog: Dialog) -> None:
    dialog.accept()


class BookingPages:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow

    def book(self, date: str, time_of_day: str) -> str:
        """On a listing page: fill the date and time when the form asks for them (many sites preselect
        a slot), press the one booking button; returns the new booking's id from the page it leads to."""
        flow = self.flow
        submit = flow.sel("book_submit").first
        try:
            submit.wait_for(state="visible", timeout=flow.timeout)
        except Error:
            raise FlowError(f"the listing page has no booking form (at {flow.page.url})") from None
        for name, value in (("booking_date", date), ("booking_time", time_of_day)):
            field = flow.sel(name)
            if field.count():
                field.first.fill(value)
        submit.click()
        pattern = flow.settings.booking_url_pattern
        try:
            flow.page.wait_for_url(re.compile(pattern), wait_until="load", timeout=flow.timeout)
        except Error:
            raise FlowError(f"booking led to no page matching {pattern!r} (at {flow.page.url})") from None
        booking_id = booking_id_in(flow.page.url, pattern)
        if not booking_id:
            raise FlowError(f"the booking page's URL carries no booking id (at {flow.page.url})")
        return booking_id

    def status_here(self) -> str:
        """The status shown on the current booking page."""
        flow = self.flow
        status = flow.sel("booking_status").first
        try:
            status.wait_for(state="visible", timeout=flow.timeout)
        except Error:
            raise FlowError(f"the booking page shows no status (at {flow.page.url})") from None
        return normal_status(status.inner_text())

    def pay_now(self) -> None:
        flow = self.flow
        before = flow.page.url
        flow.sel("pay_now").first.click()
        try:
            flow.page.wait_for_url(lambda url: url != before, wait_until="load", timeout=flow.timeout)
        except Error:
            raise FlowError(f"the pay button (pay_now) did not open the checkout (at {flow.page.url})") from None


class Dashboard:
    """The page that lists the account's bookings (the dashboard, or the profile's bookings_path)."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow

    def open(self) -> None:
        flow = self.flow
        page = flow.settings.bookings_page
        flow.goto(page)
        if flow.path().rstrip("/") != page.rstrip("/"):
            raise FlowError(f"the list of bookings {page} did not open (at {flow.page.url})")
        if page == flow.settings.dashboard_path:
            try:
                expect(flow.sel("dashboard_heading").first).to_be_visible(timeout=flow.timeout)
            except AssertionError:
                raise FlowError(f"the dashboard did not show (at {flow.page.url})") from None

    def row(self, booking_id: str) -> Locator:
        rows = self.flow.sel("booking_row")
        attribute = self.flow.settings.booking_id_attribute
        if attribute:
            return rows.and_(self.flow.page.locator(f'[{attribute}="{booking_id}"]'))
        # An element inside the row shows the id (a row's text runs its cells together: "B-12Paid").
        return rows.filter(has=self.flow.page.get_by_text(row_text_pattern(booking_id)))

    def status(self, booking_id: str) -> str | None:
        """The booking's status in the (already open) list; None when it is not listed."""
        row = self.row(booking_id)
        if not row.count():
            return None
        return normal_status(locate(row.first, self.flow.settings.selector("booking_status")).first.inner_text())

    def wait_for_status(self, booking_id: str, wanted: Sequence[str], timeout_s: float) -> str | None:
        """Reload the list until the booking shows one of `wanted` or time runs out; the last status seen."""
        deadline = time.monotonic() + timeout_s
        while True:
            self.open()
            seen = self.status(booking_id)
            if is_status(seen, wanted) or time.monotonic() >= deadline:
                return seen
            time.sleep(0.5)

    def cancel(self, booking_id: str) -> None:
        """Cancel from the list; done when the row shows a cancelled status or leaves the list."""
        flow = self.flow
        row = self.row(booking_id)
        if not row.count():
            raise FlowError(f"booking {booking_id} is not in the list of bookings")
        # An "Are you sure?" confirm() is answered yes (Playwright would dismiss it: no cancel).
        flow.page.once("dialog", _accept)
        locate(row.first, flow.settings.selector("cancel_booking")).first.click()
        cancelled = flow.settings.status_cancelled
        status: str | None = ""
        deadline = time.monotonic() + flow.timeout / 1000
        while time.monotonic() < deadline:
            try:
                status = self.status(booking_id)
            except Error:
                status = ""  # the page is reloading after the cancel
            if status is None or is_status(status, cancelled):
                return
            flow.page.wait_for_timeout(100)
        raise FlowError(f"booking {booking_id} does not show as cancelled after its cancel button (status {status!r})")
