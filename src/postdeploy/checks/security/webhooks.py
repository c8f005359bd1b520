"""Payment webhooks: a missing or bad signature and a stale (replayed) timestamp must be rejected with 4xx.

Signatures follow Stripe's scheme: header `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "t.payload")>`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time

import httpx

from postdeploy.findings import Finding, Severity

STALE_SECONDS = 3600  # far outside Stripe's default 300 s tolerance


def probe_event() -> bytes:
    """A harmless event no handler acts on: a unique id and a type that confirms nothing."""
    event = {
        "id": f"evt_postdeploy_{secrets.token_hex(8)}",
        "object": "event",
        "type": "postdeploy.probe",
        "created": int(time.time()),
        "data": {"object": {"id": f"postdeploy_probe_{secrets.token_hex(4)}", "object": "probe"}},
    }
    return json.dumps(event, separators=(",", ":")).encode()


def stripe_signature(payload: bytes, secret: str, timestamp: int) -> str:
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def post_event(client: httpx.Client, path: str, payload: bytes, signature: str | None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["Stripe-Signature"] = signature
    return client.post(path, content=payload, headers=headers)


def check_rejected(response: httpx.Response, path: str, case: str, id: str) -> list[Finding]:
    if 400 <= response.status_code < 500:
        return []
    message = f"{path} accepted a webhook with {case} (HTTP {response.status_code}); it must answer 4xx"
    severity = Severity.CRITICAL if response.status_code < 300 else Severity.HIGH
    return [Finding(id, severity, message, {"path": path, "case": case, "status": response.status_code}, path)]


def check_no_secret_echo(response: httpx.Response, path: str, secret: str | None) -> list[Finding]:
    body = response.text
    leaked = (secret is not None and len(secret) >= 8 and secret in body) or "whsec_" in body
    if not leaked:
        return []
    return [
        Finding(
            "webhooks.secret-echoed",
            Severity.CRITICAL,
            f"{path} echoes the signing secret in its answer",
            {"path": path, "status": response.status_code},
            path,
        )
    ]
