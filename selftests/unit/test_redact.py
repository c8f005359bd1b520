"""Redaction: known secret values and secret-looking patterns never survive."""

from __future__ import annotations

from postdeploy.redact import MASK, Redactor, secret_values


def test_known_values_and_patterns_are_masked() -> None:
    key = "sk_" + "test_" + "51Habc123XYZ"
    redactor = Redactor(["hunter2-password"])
    text = f"login with hunter2-password; key={key}; whsec_abcdefghij123; Authorization: Bearer eyJabc.def"
    masked = redactor.text(text)
    assert "hunter2-password" not in masked
    assert key not in masked
    assert "whsec_abcdefghij123" not in masked
    assert "Bearer eyJabc" not in masked
    assert masked.count(MASK) >= 4


def test_query_string_passwords_are_masked() -> None:
    assert Redactor().text("/login?email=a@b.c&password=s3cret") == f"/login?email=a@b.c&password={MASK}"


def test_sensitive_headers_are_masked_whole() -> None:
    headers = Redactor().headers([("Cookie", "sm_session=abc"), ("Set-Cookie", "x=1"), ("Accept", "text/html")])
    assert headers == [("Cookie", MASK), ("Set-Cookie", MASK), ("Accept", "text/html")]


def test_secret_values_come_from_named_and_secret_looking_env_vars() -> None:
    env = {"MY_PASSWORD": "pw-123456", "APP_NAME": "shop", "CUSTOM": "named-value", "SHORT_TOKEN": "ab"}
    assert secret_values(env, ["CUSTOM"]) == ["named-value", "pw-123456"]


def test_keys_the_bundle_check_knows_are_masked_too() -> None:
    from postdeploy.redact import Redactor

    pem = "-----BEGIN " + "PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----"
    for secret in ("sb_" + "secret_" + "a" * 20, "ghp_" + "b" * 36, "AKIA" + "ABCDEFGHIJKLMNOP", pem):
        assert secret not in Redactor().text(f"x {secret} y"), secret
