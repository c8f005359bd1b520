"""Secrets in client bundles: each kind found, its evidence masked, and no false alarm on a real
Next.js build. Every key-shaped value here is assembled at run time, so no scanner mistakes this
file for a leak."""

from __future__ import annotations

import base64
import json
import secrets
from pathlib import Path

from postdeploy.checks.security import bundles
from postdeploy.redact import Redactor

DATA = Path(__file__).resolve().parents[1] / "data" / "bundles" / "nextjs15"


def jwt(role: str) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return ".".join([part({"alg": "HS256", "typ": "JWT"}), part({"iss": "supabase", "role": role}), "s" * 43])


def ids(text: str) -> list[str]:
    return [f.id for f in bundles.check_text("/chunk.js", text)]


def test_service_role_jwt_is_critical_and_anon_key_is_fine() -> None:
    service = jwt("service" + "_role")
    found = bundles.check_text("/_next/static/chunks/a.js", f'e={{NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY:"{service}"}}')
    assert [(f.id, f.severity.label) for f in found] == [("bundle.service-role-jwt", "critical")]
    assert found[0].evidence["jwt_role"] == "service_role"
    assert ids(f'e={{NEXT_PUBLIC_SUPABASE_ANON_KEY:"{jwt("anon")}"}}') == []


def test_each_key_shape() -> None:
    live = "sk_" + "live_" + "x" * 24
    cases = {
        live: "bundle.stripe-live-secret",
        "rk_" + "test_" + "a1" * 12: "bundle.stripe-test-secret",
        "whsec_" + "A" * 32: "bundle.webhook-secret",
        "sb_" + "secret_" + "b" * 24: "bundle.supabase-secret-key",
        "AKIA" + "ABCDEFGHIJKLMNOP": "bundle.aws-access-key",
        "ghp_" + "c" * 36: "bundle.github-token",
        "-----BEGIN " + "PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----": "bundle.private-key",
    }
    for value, rule in cases.items():
        assert ids(f'var k="{value}";') == [rule], value
    assert ids('config={STRIPE_SECRET_KEY:"not-a-stripe-shape-123"}') == ["bundle.secret-assignment"]
    assert ids('"JWT_PRIVATE_KEY": "abcdefgh12345678"') == ["bundle.secret-assignment"]


def test_placeholders_and_public_names_are_not_secrets() -> None:
    assert ids('x={STRIPE_SECRET_KEY:"undefined",SESSION_SECRET:"process.env.SESSION_SECRET"}') == []
    assert ids('NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY:"pk_test_51abcdefghijklmnop"') == []
    assert ids("__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED:{current:null}") == []


def test_evidence_has_file_offset_and_a_masked_excerpt() -> None:
    live = "sk_" + "live_" + secrets.token_hex(12)
    text = f'<script id="__NEXT_DATA__">{{"stripe":{{"secretKey":"{live}","other":"{"whsec_" + "B" * 30}"}}}}</script>'
    findings = bundles.check_text("page /", text)
    assert [f.id for f in findings] == ["bundle.stripe-live-secret", "bundle.webhook-secret"]
    first = findings[0].evidence
    assert first["file"] == "page /" and first["offset"] == text.index(live)
    assert live not in json.dumps([f.as_dict() for f in findings])
    assert "whsec_" + "B" * 30 not in str(first["excerpt"])  # a neighbour in the excerpt is masked too
    assert "sk_live_[REDACTED 32 chars]" in str(first["excerpt"])
    # The report's redactor finds nothing more to mask: the evidence was clean already.
    assert Redactor().text(json.dumps(first)) == json.dumps(first)


def test_real_nextjs_build_has_no_false_alarm() -> None:
    for file in DATA.iterdir():
        assert bundles.check_text(file.name, file.read_text(encoding="utf-8")) == [], file.name
