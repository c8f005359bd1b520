"""Stripe hosted Checkout page object (test mode only): pay with a test card, handle 3-D Secure.

Works on the demo's hosted page and on Stripe's own (same element ids), and on embedded Checkout,
where the form lives in an iframe. Refuses to type a card when the page exposes a live key.
"""

from __future__ import annotations

import re
import time
from typing import Literal

from playwright.sync_api import Error, Frame

from postdeploy.flows.base import Flow, FlowError
from postdeploy.flows.selectors import locate

CARD_SUCCEEDS = "4242424242424242"
CARD_DECLINED = "4000000000009995"
CARD_3DS = "4000002500003155"

_LIVE_KEY = re.compile(r"\b(pk|sk|rk)_live_[0-9A-Za-z]{6,}")

Outcome = Literal["success", "error", "3ds"]


class LiveModeRefused(FlowError):
    """The checkout page is in live mode: the flow stops before any card is typed."""


def live_key_kind(html: str) -> str | None:
    """`pk_live_` (or `sk_live_`, `rk_live_`) when the text exposes a live Stripe key, else None.

    Returns the prefix only, so the key itself never reaches a message or report.
    """
    match = _LIVE_KEY.search(html)
    return f"{match.group(1)}_live_" if match else None


class HostedCheckout:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow

    def _find_frame(self, selector_name: str, timeout_s: float) -> Frame | None:
        """The first frame (the page itself or an iframe) where the named element is visible."""
        selector = self.flow.settings.selector(selector_name)
        deadline = time.monotonic() + timeout_s
        while True:
            for frame in self.flow.page.frames:
                try:
                    if locate(frame, selector).first.is_visible():
                        return frame
                except Error:
                    continue  # a frame navigating or detached meanwhile
            if time.monotonic() >= deadline:
                return None
            self.flow.page.wait_for_timeout(100)

    def form(self) -> Frame:
        frame = self._find_frame("checkout_card_number", self.flow.timeout / 1000)
        if frame is None:
            raise FlowError(f"no card form on the checkout page (at {self.flow.page.url})")
        return frame

    def refuse_live_mode(self) -> None:
        for frame in self.flow.page.frames:
            try:
                kind = live_key_kind(frame.content())
            except Error:
                continue
            if kind:
                raise LiveModeRefused(
                    f"refusing to pay: the checkout page exposes a live Stripe key ({kind}…); "
                    "checkout flows run against test mode only"
                )

    def pay(self, card: str, email: str = "postdeploy@example.com", name: str = "Postdeploy Check") -> None:
        """Fill the card form with a test card and submit; refuses first if the page is in live mode."""
        frame = self.form()
        self.refuse_live_mode()
        settings = self.flow.settings
        fields = [
            ("checkout_email", email),
            ("checkout_card_number", card),
            ("checkout_card_expiry", "12 / 34"),
            ("checkout_card_cvc", "123"),
            ("checkout_billing_name", name),
        ]
        for selector_name, value in fields:
            field = locate(frame, settings.selector(selector_name)).first
            # Stripe pre-fills (and locks) the email of a known customer; optional fields may be absent.
            if field.count() and field.is_visible() and field.is_editable():
                field.fill(value)
        locate(frame, settings.selector("checkout_submit")).first.click()

    def on_success_page(self) -> bool:
        return self.flow.page.url.startswith(self.flow.url(self.flow.settings.checkout_success_path))

    def outcome(self, challenge_answered: bool = False) -> Outcome:
        """Wait for what the payment led to: the success page, an error on the form, or a 3-D Secure
        challenge (not looked for once answered: its buttons may linger while the page moves on)."""
        flow = self.flow
        deadline = time.monotonic() + flow.timeout / 1000
        while time.monotonic() < deadline:
            if self.on_success_page():
                flow.page.wait_for_load_state("load")
                return "success"
            if not challenge_answered and self._find_frame("three_ds_complete", 0) is not None:
                return "3ds"
            if self._find_frame("checkout_error", 0) is not None:
                return "error"
            flow.page.wait_for_timeout(100)
        raise FlowError(f"the payment led nowhere: no success page, error or 3-D Secure challenge (at {flow.page.url})")

    def error_text(self) -> str:
        frame = self._find_frame("checkout_error", 0)
        if frame is None:
            return ""
        return locate(frame, self.flow.settings.selector("checkout_error")).first.inner_text().strip()

    def answer_3ds(self, complete: bool) -> None:
        name = "three_ds_complete" if complete else "three_ds_fail"
        frame = self._find_frame(name, self.flow.timeout / 1000)
        if frame is None:
            raise FlowError(f"no 3-D Secure challenge to answer (at {self.flow.page.url})")
        locate(frame, self.flow.settings.selector(name)).first.click()
