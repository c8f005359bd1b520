"""The payment webhook rejects unsigned, badly signed and replayed (stale) events with 4xx."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping

import httpx
import pytest

from postdeploy.checks.security import webhooks
from postdeploy.evidence import Evidence
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import SecuritySettings


@pytest.fixture(scope="module")
def webhook_path(security_settings: SecuritySettings) -> str:
    if not security_settings.webhook_path:
        pytest.skip("no webhook_path in the profile")
    return security_settings.webhook_path


def test_webhook_rejects_unsigned(
    webhook_path: str,
    security_settings: SecuritySettings,
    target_env: Mapping[str, str],
    http: httpx.Client,
    evidence: Evidence,
    verdict: Verdict,
) -> None:
    """No Stripe-Signature, then a signature made with the wrong secret: both must be refused."""
    secret = target_env.get(security_settings.webhook_secret_env)
    unsigned = webhooks.post_event(http, webhook_path, webhooks.probe_event(), None)
    payload = webhooks.probe_event()
    forged = webhooks.post_event(
        http,
        webhook_path,
        payload,
        webhooks.stripe_signature(payload, "whsec_" + secrets.token_hex(16), int(time.time())),
    )
    findings = webhooks.check_rejected(unsigned, webhook_path, "no signature", "webhooks.unsigned-accepted")
    findings += webhooks.check_rejected(forged, webhook_path, "a forged signature", "webhooks.unsigned-accepted")
    for response in (unsigned, forged):
        findings += webhooks.check_no_secret_echo(response, webhook_path, secret)
        evidence.response(response)
    verdict(findings, what="webhook signatures")


@pytest.mark.destructive
def test_webhook_rejects_replay(
    webhook_path: str,
    security_settings: SecuritySettings,
    target_env: Mapping[str, str],
    http: httpx.Client,
    evidence: Evidence,
    verdict: Verdict,
) -> None:
    """A correctly signed event an hour old (outside Stripe's 300 s tolerance) is a replay: refuse it.

    A fresh signed probe goes first as the control: it proves the secret is right, so a 4xx for the
    stale one means replay protection and not a wrong secret. The probe's type confirms nothing.
    """
    secret = target_env.get(security_settings.webhook_secret_env)
    if not secret:
        pytest.skip(f"${security_settings.webhook_secret_env} is not set: cannot sign a replayed event")
    now = int(time.time())
    fresh = webhooks.probe_event()
    control = webhooks.post_event(http, webhook_path, fresh, webhooks.stripe_signature(fresh, secret, now))
    evidence.response(control, name="control: fresh signed event")
    if not 200 <= control.status_code < 300:
        pytest.fail(
            f"{webhook_path} refused a correctly signed fresh event (HTTP {control.status_code}): "
            f"is ${security_settings.webhook_secret_env} the endpoint's signing secret?",
            pytrace=False,
        )
    stale_at = now - webhooks.STALE_SECONDS
    stale = webhooks.probe_event()
    replay = webhooks.post_event(http, webhook_path, stale, webhooks.stripe_signature(stale, secret, stale_at))
    evidence.response(replay, name="replay: signed an hour ago")
    findings = webhooks.check_rejected(replay, webhook_path, "a timestamp an hour old", "webhooks.replay-accepted")
    findings += webhooks.check_no_secret_echo(replay, webhook_path, secret)
    verdict(findings, what="webhook replay")
