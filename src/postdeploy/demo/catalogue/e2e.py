"""E2e-layer faults and the flow step (test) that must catch each."""

from __future__ import annotations

from postdeploy.demo.catalogue.fault import Fault

# Flows that sign in through the shared session, or pick a listing through /browse, fail with
# the fault that breaks that first step: listed as related, not as unrelated failures.
_SIGNED_IN = ("test_auth.py::test_logout_loses_access", "test_booking.py::", "test_checkout.py::")
_PICK_LISTING = ("test_booking.py::", "test_checkout.py::")

FAULTS: list[Fault] = [
    Fault(
        "login-broken",
        "e2e",
        "the right password is refused: login always says 'Invalid email or password'",
        "test_auth.py::test_login_shows_dashboard",
        also=_SIGNED_IN,
    ),
    Fault(
        "signup-broken",
        "e2e",
        "sign-up always answers 'An account with this email already exists', even for a fresh address",
        "test_auth.py::test_signup_fresh_user",
    ),
    Fault(
        "wrong-password-accepted",
        "e2e",
        "login checks only the email: any password opens the account",
        "test_auth.py::test_wrong_password_shows_error",
    ),
    Fault(
        "category-ignored",
        "e2e",
        "the category filter is ignored: every category lists every listing",
        "test_browse.py::test_category_filter",
    ),
    Fault(
        "3ds-fail-confirms",
        "e2e",
        "a failed 3-D Secure challenge still sends checkout.session.completed: the booking gets confirmed",
        "test_checkout.py::test_3ds_failed_is_refused",
    ),
    Fault(
        "logout-keeps-session",
        "e2e",
        "'Log out' redirects home but keeps the session: the user stays signed in",
        "test_auth.py::test_logout_loses_access",
    ),
    Fault(
        "search-broken",
        "e2e",
        "the search query is ignored: every search returns every listing",
        "test_browse.py::test_search_narrows_results",
        also=("test_browse.py::test_no_match_shows_empty_state",),
    ),
    Fault(
        "detail-500",
        "e2e",
        "listing detail pages answer 500",
        "test_browse.py::test_listing_detail_shows_title_price_provider",
        also=_PICK_LISTING,
    ),
    Fault(
        "booking-not-saved",
        "e2e",
        "a new booking loses its owner: the confirmation shows but the dashboard never lists it",
        "test_booking.py::test_book_find_in_dashboard_and_cancel",
        also=("test_checkout.py::",),
    ),
    Fault(
        "checkout-decline-confirms",
        "e2e",
        "a declined card still sends checkout.session.completed: the booking gets confirmed",
        "test_checkout.py::test_declined_card_not_confirmed",
    ),
    Fault(
        "webhook-not-sent",
        "e2e",
        "a paid checkout never sends its webhook: the booking stays pending",
        "test_checkout.py::test_card_payment_confirms_after_webhook",
        also=("test_checkout.py::test_3ds_completed_succeeds",),
    ),
    Fault(
        "js-error-on-browse",
        "e2e",
        "the browse page's script throws an uncaught exception",
        "test_browse.py::test_listings_load",
        also=("test_browse.py::", *_PICK_LISTING),
    ),
    Fault(
        "console-error",
        "e2e",
        "the home page logs a console error (a failing analytics snippet)",
        "test_browse.py::test_home_leads_to_listings",
        also=("test_auth.py::test_logout_loses_access",),  # logging out lands on the home page
    ),
]
