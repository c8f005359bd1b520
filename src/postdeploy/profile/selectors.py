"""The e2e flows' named selectors and their defaults (roles, labels, test ids): what a profile's
[e2e.selectors] may override by name. The flows resolve them (postdeploy.flows.selectors)."""

from __future__ import annotations

DEFAULT_SELECTORS: dict[str, str] = {
    # Defaults follow common wording and markup; a site's own texts and test ids go in its profile.
    # auth
    "login_email": "label=Email",
    "login_password": "label=Password",
    "login_submit": "role=button[name=/^(log ?in|sign ?in)$/i]",
    "login_error": "[role=alert]",
    "signup_name": "label=Name",
    "signup_email": "label=Email",
    "signup_password": "label=Password",
    "signup_submit": "role=button[name=/^(sign ?up|create( an)? account|register)$/i]",
    # What the page after a sign-up that needs an emailed confirmation says (signup_confirmation = true).
    "signup_confirmation": "text=/check your (e-?mail|inbox)|confirm your (e-?mail|account)|confirmation (link|mail)/i",
    "logout": "role=button[name=/^(log ?out|sign ?out)$/i]",
    "dashboard_heading": "h1",
    # browse
    "home_heading": "h1",
    "browse_link": "role=link[name=/browse|explore|search|find/i]",
    "search_input": "role=searchbox",
    "search_submit": "role=button[name=/^search$/i]",
    # A <select>, or an element holding the category buttons or links (e.g. role=group).
    "category_select": "label=Category",
    "listing_card": "main article",
    # The link inside a card that opens the listing (the card itself when it has none).
    "listing_link": "a[href]",
    "empty_state": "text=/\\bno\\b.{0,40}\\b(results?|match(es)?|found)\\b/i",
    "listing_title": "h1",
    "listing_price": "[itemprop=price]",
    "listing_provider": "[itemprop=provider], [itemprop=seller]",
    # booking
    "booking_date": "label=Date",
    "booking_time": "label=Time",
    "book_submit": "role=button[name=/^(book|reserve)/i]",
    "booking_status": "[data-status]",
    "pay_now": "role=button[name=/^(pay|checkout|continue to payment)/i]",
    "booking_row": "tbody tr",
    "cancel_booking": "role=button[name=/^cancel/i]",
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
