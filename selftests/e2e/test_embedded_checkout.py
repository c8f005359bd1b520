"""The hosted-checkout page object on the frame variant (embedded Checkout: the form lives in a
cross-origin iframe, the 3-D Secure challenge in a nested one), in a real Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from postdeploy.flows.base import Flow
from postdeploy.flows.checkout import CARD_3DS, CARD_DECLINED, CARD_SUCCEEDS, HostedCheckout, LiveModeRefused
from postdeploy.flows.health import PageHealth
from postdeploy.profile import E2ESettings
from postdeploy.tools import CHROMIUM_FLAGS

SHOP, STRIPE = "http://shop.test", "http://js.stripe.test"
OUTER = f'<!doctype html><h1>Pay</h1><iframe name="embedded-checkout" src="{STRIPE}/embedded" width=600 height=500>'
SUCCESS = "<!doctype html><h1>Thanks</h1>"
CHALLENGE = """<!doctype html><button id="test-source-authorize-3ds" onclick="parent.done(true)">Complete</button>
<button id="test-source-fail-3ds" onclick="parent.done(false)">Fail</button>"""
FORM = """<!doctype html><div data-publishable-key="{key}">
<input id="email"><input id="cardNumber"><input id="cardExpiry"><input id="cardCvc"><input id="billingName">
<button data-testid="hosted-payment-submit-button" onclick="pay()">Pay</button><div id="out"></div></div>
<script>
function fail(text) {{ document.getElementById("out").innerHTML = '<p role="alert">' + text + '</p>'; }}
function done(ok) {{ if (ok) {{ top.location.href = "{shop}/checkout/success?session_id=cs_test_1"; }}
                    else {{ fail("We are unable to authenticate your payment method."); }} }}
function pay() {{
  var card = document.getElementById("cardNumber").value;
  if (card === "{ok}") {{ done(true); }}
  else if (card === "{three_ds}") {{
    document.getElementById("out").innerHTML = '<iframe src="{stripe}/3ds"></iframe>'; }}
  else {{ fail("Your card was declined."); }}
}}
</script>"""


@pytest.fixture(scope="module")
def system_chromium() -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=list(CHROMIUM_FLAGS))
        yield browser
        browser.close()


@pytest.fixture
def checkout_page(system_chromium: Browser) -> Iterator[tuple[Page, dict[str, str]]]:
    state = {"key": "pk_test_embedded"}
    context = system_chromium.new_context()

    def serve(route: Route) -> None:
        url = route.request.url
        body = {
            f"{SHOP}/pay": OUTER,
            f"{SHOP}/checkout/success?session_id=cs_test_1": SUCCESS,
            f"{STRIPE}/embedded": FORM.format(
                key=state["key"], shop=SHOP, stripe=STRIPE, ok=CARD_SUCCEEDS, three_ds=CARD_3DS
            ),
            f"{STRIPE}/3ds": CHALLENGE,
        }.get(url)
        route.fulfill(status=200 if body else 404, content_type="text/html", body=body or "")

    context.route("**/*", serve)
    yield context.new_page(), state
    context.close()


def open_checkout(page: Page) -> HostedCheckout:
    flow = Flow(page, E2ESettings(enabled=True, timeout_ms=5000), PageHealth(SHOP), SHOP)
    flow.goto("/pay")
    return HostedCheckout(flow)


def test_card_in_the_iframe_succeeds(checkout_page: tuple[Page, dict[str, str]]) -> None:
    checkout = open_checkout(checkout_page[0])
    assert checkout.form().name == "embedded-checkout"
    checkout.pay(CARD_SUCCEEDS)
    assert checkout.outcome() == "success"


def test_declined_card_shows_the_error_from_the_iframe(checkout_page: tuple[Page, dict[str, str]]) -> None:
    checkout = open_checkout(checkout_page[0])
    checkout.pay(CARD_DECLINED)
    assert checkout.outcome() == "error"
    assert checkout.error_text() == "Your card was declined."


@pytest.mark.parametrize(("complete", "expected"), [(True, "success"), (False, "error")])
def test_3ds_challenge_in_a_nested_frame(
    checkout_page: tuple[Page, dict[str, str]], complete: bool, expected: str
) -> None:
    checkout = open_checkout(checkout_page[0])
    checkout.pay(CARD_3DS)
    assert checkout.outcome() == "3ds"
    checkout.answer_3ds(complete)
    assert checkout.outcome(challenge_answered=True) == expected


def test_live_key_in_the_iframe_is_refused(checkout_page: tuple[Page, dict[str, str]]) -> None:
    page, state = checkout_page
    state["key"] = "pk_" + "live_" + "y" * 24
    checkout = open_checkout(page)
    with pytest.raises(LiveModeRefused, match=r"exposes a live Stripe key \(pk_live_…\)"):
        checkout.pay(CARD_SUCCEEDS)
    assert page.frame(name="embedded-checkout").locator("#cardNumber").input_value() == ""
