"""A real database decides. Row-level security turned off on one table directly in PostgreSQL (no
demo code involved) under a running demo makes the audit fail for that table alone; and a project
that refuses its OpenAPI document to a publishable key is audited from the profile's table list."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import psycopg

from postdeploy.demo.launch import running_demo
from postdeploy.demo.supabase import JWT_SECRET_ENV
from postdeploy.demo.supabase.tokens import publishable_key
from selftests.supabase.audit_run import run_audit

TABLES = ("profiles", "providers", "listings", "reviews", "bookings", "messages", "invoices")


def tables_named(message: str) -> set[str]:
    return {table for table in TABLES if re.search(rf"\b{table}\b", message)}


def test_rls_off_in_postgres_fails_the_audit_for_that_table_alone(tmp_path: Path) -> None:
    with running_demo(supabase=True) as demo:
        assert demo.postgres_uri, "the demo did not announce its PostgreSQL"
        before = run_audit(demo, tmp_path / "before")
        assert before.exit_code == 0, f"the healthy demo failed the audit:\n{before.output}"
        with psycopg.connect(demo.postgres_uri, autocommit=True) as conn:
            conn.execute("ALTER TABLE public.messages DISABLE ROW LEVEL SECURITY")
        after = run_audit(demo, tmp_path / "after")
    # Anonymous reads, the test user's reads of other users' messages, the anonymous insert; the
    # storage check has nothing to do with the table and still passes.
    assert after.failed() == [
        "test_supabase_anonymous_insert_refused", "test_supabase_anonymous_reads", "test_supabase_cross_user_reads",
    ], after.output  # fmt: skip
    for severity, finding_id, message in after.findings:
        assert tables_named(message) == {"messages"}, f"[{severity}] {finding_id}: {message}"
    assert ("critical", "supabase.anon-read") in {(s, i) for s, i, _ in after.findings}
    # With RLS off the public key may delete too: the insert probe's row was removed again.
    inserts = [m for _, i, m in after.findings if i == "supabase.anon-insert"]
    assert all("deleted again" in m for m in inserts), inserts


def test_publishable_key_without_openapi_audits_the_profile_tables(tmp_path: Path) -> None:
    secret = f"selftest-{secrets.token_hex(16)}"
    with running_demo(faults=["supabase-rls-disabled"], supabase=True, extra_env={JWT_SECRET_ENV: secret}) as demo:
        run = run_audit(demo, tmp_path, {"NEXT_PUBLIC_SUPABASE_ANON_KEY": publishable_key(secret)})
    assert "test_supabase_anonymous_reads" in run.failed(), run.output
    assert any(i == "supabase.anon-read" and "profiles" in m for _, i, m in run.findings), run.output
    # The audit says where its table list came from (an info finding in the report's evidence).
    evidence = "".join(p.read_text(errors="replace") for p in (tmp_path / "allure-results").glob("*-attachment*"))
    assert "supabase.no-openapi" in evidence
    assert publishable_key(secret) not in evidence
