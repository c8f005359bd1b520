"""The demo data API's keys and tokens: HS256 JWTs like Supabase's legacy keys and access tokens,
and a `sb_publishable_` key, all derived from one JWT secret per start."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

ISSUER = "supabase-demo"
PROJECT_REF = "skymarketdemo"
# A legacy anon key lives ten years, as Supabase's do; access tokens an hour.
ANON_KEY_SECONDS = 10 * 365 * 24 * 3600
ACCESS_TOKEN_SECONDS = 3600


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(claims: dict[str, Any], secret: str) -> str:
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


def verify(token: str, secret: str, now: float | None = None) -> dict[str, Any] | None:
    """The claims of a token signed with `secret` and not expired, else None."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    expected = hmac.new(secret.encode(), f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
    try:
        if not hmac.compare_digest(_unb64(parts[2]), expected):
            return None
        claims = json.loads(_unb64(parts[1]))
    except (ValueError, json.JSONDecodeError):
        return None
    if not isinstance(claims, dict):
        return None
    if isinstance(claims.get("exp"), int | float) and claims["exp"] < (now or time.time()):
        return None
    return claims


def anon_key(secret: str, now: int | None = None) -> str:
    issued = now or int(time.time())
    return sign({"iss": ISSUER, "ref": PROJECT_REF, "role": "anon", "iat": issued,
                 "exp": issued + ANON_KEY_SECONDS}, secret)  # fmt: skip


def publishable_key(secret: str) -> str:
    """The newer key format: opaque, maps to the anon role at the gateway."""
    digest = hmac.new(secret.encode(), b"publishable", hashlib.sha256).digest()
    return "sb_publishable_" + _b64(digest)[:31]


def access_token(secret: str, user_id: str, email: str, session_id: str, now: int | None = None) -> str:
    issued = now or int(time.time())
    return sign(
        {
            "iss": f"{ISSUER}/auth/v1", "sub": user_id, "aud": "authenticated", "role": "authenticated",
            "email": email, "session_id": session_id, "aal": "aal1", "is_anonymous": False,
            "iat": issued, "exp": issued + ACCESS_TOKEN_SECONDS,
        },
        secret,
    )  # fmt: skip
