"""The secret-redaction audit: the main job (every layer against the demo) runs with planted secrets,
then everything it wrote under reports/ is scanned for them — zero hits.

This is also the main job's own end-to-end test: on the healthy demo it must pass and leave a report.
It runs behind the demo's protection wall (`--protect`), which makes it the recording server of the
one-way-to-the-target rule too: the main job fails when the wall refused any request of the suite
(a client without the [access] headers) or the bypass secret reached the checkout origin.
The Supabase audit gets a run of its own against the demo's database faults, where it reads private
rows: no key, token or row value may reach its evidence.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

from postdeploy.demo.launch import running_demo
from postdeploy.demo.supabase import JWT_SECRET_ENV
from postdeploy.demo.supabase.schema import PRIVATE_SEED_VALUES
from postdeploy.demo.supabase.tokens import publishable_key
from selftests.supabase.audit_run import run_audit

ROOT = Path(__file__).resolve().parents[2]
SESSION_COOKIE = re.compile(rb"sm_session=(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{8,}")
JWT = re.compile(rb"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.([A-Za-z0-9_-]{16,})")


def tokens_signed_with(secret: str, data: bytes) -> int:
    """How many JWTs in `data` carry a valid HS256 signature by `secret` (the demo's anon key, the
    test user's access token): each is a key or token in clear text."""
    found = 0
    for match in JWT.finditer(data):
        signed, signature = match.group().rsplit(b".", 1)
        expected = base64.urlsafe_b64encode(hmac.new(secret.encode(), signed, hashlib.sha256).digest()).rstrip(b"=")
        found += hmac.compare_digest(expected, signature)
    return found


def planted() -> dict[str, str]:
    token = secrets.token_hex(8)
    return {
        "DEMO_TEST_PASSWORD": f"Planted-Pw-{token}",  # the demo's test account and the suite's login
        "DEMO_STRIPE_WEBHOOK_SECRET": f"whsec_planted{token}",  # the demo signs and the suite forges with it
        "STRIPE_SECRET_KEY": "sk_" + f"test_planted{token}",
        "POSTDEPLOY_AUTH_HEADER": f"Bearer planted-token-{token}",  # sent with every request to the target
        "VERCEL_AUTOMATION_BYPASS_SECRET": f"planted-bypass-{token}",  # the wall's secret ([access])
        JWT_SECRET_ENV: f"planted-jwt-secret-{token}",  # signs the demo's anon key and users' access tokens
    }


def blobs(folder: Path) -> Iterator[tuple[str, bytes]]:
    """Every file's bytes, and every member of zip files (Playwright traces, HAR archives)."""
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        yield str(path.relative_to(folder)), data
        if data[:2] == b"PK":
            try:
                with zipfile.ZipFile(path) as archive:
                    for member in archive.namelist():
                        yield f"{path.relative_to(folder)}!{member}", archive.read(member)
            except zipfile.BadZipFile:
                pass


def test_no_planted_secret_reaches_the_reports(tmp_path: Path) -> None:
    plants = planted()
    reports = tmp_path / "reports"
    env = {**os.environ, **plants, "POSTDEPLOY__PERF__RUNS": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "postdeploy", "run", "--protect", "--reports", str(reports)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"main job failed on the healthy demo:\n{output[-5000:]}"
    assert (reports / "allure-report" / "index.html").is_file()
    assert (reports / "summary.md").is_file()

    needles = [value.encode() for value in plants.values()]
    # The password as the browser types it may also be URL-encoded in a form post.
    needles.append(plants["DEMO_TEST_PASSWORD"].replace("-", "%2D").encode())
    needles.append(publishable_key(plants[JWT_SECRET_ENV]).encode())
    hits: list[str] = []
    scanned = 0
    for name, data in blobs(reports):
        scanned += 1
        hits += [f"{name}: {needle.decode()[:24]}…" for needle in needles if needle in data]
        if SESSION_COOKIE.search(data):
            hits.append(f"{name}: a session cookie value")
        if tokens_signed_with(plants[JWT_SECRET_ENV], data):
            hits.append(f"{name}: a Supabase key or access token")
    for needle in needles:
        if needle.decode() in output:
            hits.append(f"console output: {needle.decode()[:24]}…")
    if tokens_signed_with(plants[JWT_SECRET_ENV], output.encode()):
        hits.append("console output: a Supabase key or access token")
    assert scanned > 20, f"only {scanned} files under reports/: did the layers run?"
    # The Supabase audit ran (its evidence is attached only once it found the demo's project).
    assert any(b'"Supabase project"' in data for _, data in blobs(reports / "allure-results"))
    assert not hits, "secrets found in reports:\n" + "\n".join(hits)


def test_supabase_evidence_names_columns_never_values(tmp_path: Path) -> None:
    """Every database fault at once, so the audit reads private rows, lists a private bucket and
    writes a probe row; its report must hold none of the values, keys or tokens it met."""
    plants = planted()
    faults = ["supabase-rls-disabled", "supabase-select-using-true", "supabase-bucket-lists", "supabase-anon-insert"]
    extra = {JWT_SECRET_ENV: plants[JWT_SECRET_ENV], "DEMO_TEST_PASSWORD": plants["DEMO_TEST_PASSWORD"]}
    with running_demo(faults=faults, supabase=True, extra_env=extra) as demo:
        run = run_audit(demo, tmp_path, extra)
    assert len(run.failed()) == 4, f"every Supabase check should have failed:\n{run.output}"
    needles = [plants[JWT_SECRET_ENV], plants["DEMO_TEST_PASSWORD"], *PRIVATE_SEED_VALUES]
    hits: list[str] = []
    for name, data in blobs(tmp_path / "allure-results"):
        text = data.decode(errors="replace")
        hits += [f"{name}: {needle[:24]}…" for needle in needles if needle in text]
        if tokens_signed_with(plants[JWT_SECRET_ENV], data):
            hits.append(f"{name}: a Supabase key or access token")
    hits += [f"console output: {needle[:24]}…" for needle in needles if needle in run.output]
    assert not hits, "values found in the Supabase evidence:\n" + "\n".join(hits)
