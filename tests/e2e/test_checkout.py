"""Stripe test checkout (destructive): pay on the hosted page; the signed webhook, not the redirect,
confirms the booking. Declined and 3-D Secure cards. Refuses to run against a live-mode page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from postdeploy.flows.base import Flow
from postdeploy.flows.booking import BookingPages, Dashboard, booking_slot, is_status
from postdeploy.flows.browse import BrowsePage
from postdeploy.flows.checkout import CARD_3DS, CARD_DECLINED, CARD_SUCCEEDS, HostedCheckout

pytestmark = [pytest.mark.destructive, pytest.mark.usefixtures("checkout_enabled")]

Cleanup = Callable[[Flow, str], None]


def book_and_open_checkout(flow: Flow, cleanup: Cleanup) -> str:
    with flow.step("book a listing"):
        BrowsePage(flow).open()
        BrowsePage(flow).open_first_listing()
        booking = BookingPages(flow)
        booking_id = booking.book(*booking_slot())
        cleanup(flow, booking_id)
    with flow.step("open the hosted checkout"):
        booking.pay_now()
        HostedCheckout(flow).form()
    return booking_id


def expect_confirmed_by_webhook(flow: Flow, booking_id: str) -> None:
    timeout = flow.settings.webhook_timeout_s
    with flow.step("the webhook confirms the booking (dashboard, polled)"):
        seen = Dashboard(flow).wait_for_status(booking_id, flow.settings.status_confirmed, timeout)
        assert is_status(seen, flow.settings.status_confirmed), (
            f"booking {booking_id} is {seen!r} {timeout:g}s after payment: no confirmation"
        )
    cancel(flow, booking_id)


def cancel(flow: Flow, booking_id: str) -> None:
    with flow.step("clean up: cancel the booking"):
        Dashboard(flow).cancel(booking_id)


def expect_not_confirmed(flow: Flow, booking_id: str) -> None:
    grace = flow.settings.decline_grace_s
    with flow.step("the booking is not confirmed"):
        seen = Dashboard(flow).wait_for_status(booking_id, flow.settings.status_confirmed, grace)
        assert not is_status(seen, flow.settings.status_confirmed), (
            f"booking {booking_id} was confirmed ({seen!r}) although the payment failed"
        )
    cancel(flow, booking_id)


def test_card_payment_confirms_after_webhook(signed_in_flow: Flow, booking_cleanup: Cleanup) -> None:
    """A test-card payment confirms the booking once the signed webhook arrives."""
    flow = signed_in_flow
    booking_id = book_and_open_checkout(flow, booking_cleanup)
    checkout = HostedCheckout(flow)
    with flow.step("pay with 4242 4242 4242 4242"):
        checkout.pay(CARD_SUCCEEDS)
        outcome = checkout.outcome()
        assert outcome == "success", f"the test card that succeeds led to {outcome!r}: {checkout.error_text()}"
    expect_confirmed_by_webhook(flow, booking_id)


def test_declined_card_not_confirmed(signed_in_flow: Flow, booking_cleanup: Cleanup) -> None:
    """A declined card is refused and the booking stays unpaid."""
    flow = signed_in_flow
    booking_id = book_and_open_checkout(flow, booking_cleanup)
    checkout = HostedCheckout(flow)
    with flow.step("pay with the declined card 4000 0000 0000 9995"):
        checkout.pay(CARD_DECLINED)
        outcome = checkout.outcome()
        assert outcome == "error", f"the declined card led to {outcome!r}, not an error on the form"
        said = checkout.error_text()
        assert re.search(flow.settings.decline_text, said, re.IGNORECASE), f"not a decline (decline_text): {said!r}"
    expect_not_confirmed(flow, booking_id)


def test_3ds_completed_succeeds(signed_in_flow: Flow, booking_cleanup: Cleanup) -> None:
    """A payment that passes 3-D Secure confirms the booking."""
    flow = signed_in_flow
    booking_id = book_and_open_checkout(flow, booking_cleanup)
    checkout = HostedCheckout(flow)
    with flow.step("pay with the 3-D Secure card 4000 0025 0000 3155"):
        checkout.pay(CARD_3DS)
        assert checkout.outcome() == "3ds", "the 3-D Secure card got no challenge"
    with flow.step("complete the 3-D Secure challenge"):
        checkout.answer_3ds(complete=True)
        outcome = checkout.outcome(challenge_answered=True)
        assert outcome == "success", f"a completed challenge led to {outcome!r}: {checkout.error_text()}"
    expect_confirmed_by_webhook(flow, booking_id)


def test_3ds_failed_is_refused(signed_in_flow: Flow, booking_cleanup: Cleanup) -> None:
    """A payment that fails 3-D Secure is refused and the booking stays unpaid."""
    flow = signed_in_flow
    booking_id = book_and_open_checkout(flow, booking_cleanup)
    checkout = HostedCheckout(flow)
    with flow.step("pay with the 3-D Secure card 4000 0025 0000 3155"):
        checkout.pay(CARD_3DS)
        assert checkout.outcome() == "3ds", "the 3-D Secure card got no challenge"
    with flow.step("fail the 3-D Secure challenge"):
        checkout.answer_3ds(complete=False)
        outcome = checkout.outcome(challenge_answered=True)
        assert outcome == "error", f"a failed challenge led to {outcome!r}, not a refusal"
        said = checkout.error_text()
        assert re.search(flow.settings.three_ds_failed_text, said, re.IGNORECASE), (
            f"not a failed authentication ([e2e] three_ds_failed_text): {said!r}"
        )
    expect_not_confirmed(flow, booking_id)
