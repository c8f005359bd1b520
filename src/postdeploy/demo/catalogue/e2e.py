"""E2e-layer faults and the check that must catch each."""

from __future__ import annotations

from postdeploy.demo.faults import Fault

FAULTS: list[Fault] = [
    Fault("login-broken", "e2e", "valid credentials are rejected as 'Invalid email or password'",
          "test_auth.py::test_login_shows_dashboard"),
    Fault("logout-keeps-session", "e2e", "logging out leaves the session cookie valid",
          "test_auth.py::test_logout_loses_access"),
    Fault("search-broken", "e2e", "search ignores the query: every search lists everything",
          "test_browse.py::test_search_narrows_results"),
    Fault("detail-500", "e2e", "listing detail pages answer 500",
          "test_browse.py::test_listing_detail_shows_title_price_provider"),
    Fault("booking-not-saved", "e2e", "a booking is confirmed on screen but never appears in the dashboard",
          "test_booking.py::test_book_find_in_dashboard_and_cancel"),
    Fault("checkout-decline-confirms", "e2e", "a declined card still sends the paid webhook: the booking is confirmed",
          "test_checkout.py::test_declined_card_not_confirmed"),
    Fault("webhook-not-sent", "e2e", "the hosted checkout never sends its webhook: paid bookings stay pending",
          "test_checkout.py::test_card_payment_confirms_after_webhook"),
    Fault("js-error-on-browse", "e2e", "the browse page's script throws an uncaught TypeError",
          "test_browse.py::test_listings_load"),
    Fault("console-error", "e2e", "the home page logs a console.error", "test_browse.py::test_listings_load"),
]  # fmt: skip
