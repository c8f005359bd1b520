"""The e2e flows' named selectors and their defaults (roles, labels, test ids): what a profile's
[e2e.selectors] may override by name. The flows resolve them (postdeploy.flows.selectors)."""

from __future__ import annotations

DEFAULT_SELECTORS: dict[str, str] = {
    # auth
    "login_email": "label=Email",
    "login_password": "label=Password",
    "login_submit": 'role=button[name="Log in"s]',
    "login_error": "[role=alert]",
    "signup_name": "label=Name",
    "signup_email": "label=Email",
    "signup_password": "label=Password",
    "signup_submit": 'role=button[name="Sign up"s]',
    "logout": 'role=button[name="Log out"s]',
    "dashboard_heading": 'role=heading[name="Dashboard"s]',
    # browse
    "home_heading": "h1",
    "browse_link": 'role=link[name="Browse services"s]',
    "search_input": "label=Search",
    "search_submit": 'role=button[name="Search"s]',
    "category_select": "label=Category",
    "listing_card": "testid=listing-card",
    "empty_state": "testid=empty-state",
    "listing_title": "h1",
    "listing_price": "testid=price",
    "listing_provider": "testid=provider",
    # booking
    "booking_date": "label=Date",
    "booking_time": "label=Time",
    "book_submit": 'role=button[name="Book now"s]',
    "booking_status": "testid=booking-status",
    "pay_now": 'role=button[name="Pay now"s]',
    "booking_row": "testid=booking-row",
    "cancel_booking": 'role=button[name="Cancel"s]',
    # hosted checkout: Stripe's own element ids, so the same flow drives Stripe in test mode
    "checkout_email": "#email",
    "checkout_card_number": "#cardNumber",
    "checkout_card_expiry": "#cardExpiry",
    "checkout_card_cvc": "#cardCvc",
    "checkout_billing_name": "#billingName",
    "checkout_submit": "[data-testid=hosted-payment-submit-button]",
    "checkout_error": "[role=alert]",
    "three_ds_complete": "#test-source-authorize-3ds",
    "three_ds_fail": "#test-source-fail-3ds",
}
