"""Supabase exposure: what the public key and the e2e test user can read, list and write in the
site's Supabase project (profile section [supabase]; skipped when the site shows no project)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pytest

from postdeploy.access import TargetAccess
from postdeploy.checks.security import supabase as sb
from postdeploy.evidence import Evidence
from postdeploy.findings import Finding
from postdeploy.plugins.security import FetchedPage
from postdeploy.plugins.verdict import Verdict
from postdeploy.profile import SupabaseSettings, TargetProfile
from postdeploy.redact import Redactor

OWN_ROWS_READ = 50  # rows per table read as the test user


@dataclass(frozen=True)
class Audit:
    project: sb.Project
    api: sb.SupabaseApi
    tables: dict[str, sb.Table]
    notes: list[Finding]
    settings: SupabaseSettings

    def private_tables(self) -> dict[str, sb.Table]:
        return {name: t for name, t in self.tables.items() if name not in self.settings.public_tables}


@pytest.fixture(scope="module")
def supabase_audit(
    target_profile: TargetProfile,
    target_env: Mapping[str, str],
    security_pages: dict[str, FetchedPage],
    supabase_discovery: sb.Discovery,
    target_access: TargetAccess,
    redactor: Redactor,
    evidence: Evidence,
) -> Iterator[Audit]:
    settings = target_profile.supabase
    if not settings.enabled:
        pytest.skip("Supabase audit turned off ([supabase] enabled = false)")
    pages = {path: page.html for path, page in security_pages.items() if page.html}
    try:
        project = sb.locate(settings, target_env, supabase_discovery)
    except sb.TargetError as exc:
        pytest.fail(f"Supabase audit: {exc}", pytrace=False)
    if project is None:
        where = ", ".join(pages) or "no HTML page"
        message = f"no Supabase project: none in the profile's [supabase] section, none embedded in {where}"
        if settings.required:
            pytest.fail(f"{message} (the profile says the site uses Supabase: [supabase] required)", pytrace=False)
        pytest.skip(message)
    # The project is another origin: the target's trust, none of its [access] headers.
    with target_access.client(base_url=project.url) as client:
        api = sb.SupabaseApi(client, project.key)
        try:
            tables, notes = sb.audit_tables(api.openapi(), settings, project.code_tables)
        except sb.TargetError as exc:
            pytest.fail(f"Supabase audit: {exc}", pytrace=False)
        evidence.json("Supabase project", {
            "url": project.url, "url_found_in": project.url_source, "key_found_in": project.key_source,
            "key_kind": project.kind, "tables": {name: t.source for name, t in tables.items()},
        })  # fmt: skip
        yield Audit(project, api, tables, notes, settings)


@pytest.fixture(scope="module")
def supabase_user(
    supabase_audit: Audit, target_profile: TargetProfile, target_env: Mapping[str, str], redactor: Redactor
) -> tuple[str, str]:
    """(user id, access token) of the e2e test user, signed in with Supabase Auth's password grant."""
    settings, e2e = supabase_audit.settings, target_profile.e2e
    if not settings.password_sign_in:
        pytest.skip("cross-user check off: the site does not sign in with Supabase Auth ([supabase] password_sign_in)")
    email, password = target_env.get(e2e.username_env), target_env.get(e2e.password_env)
    if not email or not password:
        pytest.skip(f"no test user for the cross-user check: set ${e2e.username_env} and ${e2e.password_env}")
    redactor.add(password)
    response = supabase_audit.api.sign_in(email, password)
    try:
        body = response.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    token = body.get("access_token")
    if response.status_code != 200 or not isinstance(token, str):
        pytest.fail(
            f"Supabase sign-in as ${e2e.username_env} refused (HTTP {response.status_code} {sb.error_code(response)}): "
            "check the test account, or set [supabase] password_sign_in = false",
            pytrace=False,
        )
    redactor.add(token, str(body.get("refresh_token") or ""))
    found = body.get("user")
    user: dict[str, object] = found if isinstance(found, dict) else {}
    user_id = str(user.get("id") or (sb.jwt_claims(token) or {}).get("sub") or "")
    if not user_id:
        pytest.fail("Supabase sign-in answered no user id (neither user.id nor the token's sub)", pytrace=False)
    return user_id, token


def test_supabase_anonymous_reads(
    supabase_audit: Audit, redactor: Redactor, evidence: Evidence, verdict: Verdict
) -> None:
    """Only the tables the profile calls public answer rows to the public key alone."""
    public = set(supabase_audit.settings.public_tables)
    findings = list(supabase_audit.notes)
    seen = {}
    for name in supabase_audit.tables:
        response = supabase_audit.api.read(name)
        rows = sb.rows_of(response)
        redactor.add(*sb.row_values(rows))
        seen[name] = {"status": response.status_code, "rows": len(rows), "public": name in public}
        findings += sb.check_anonymous_read(name, response, name in public)
    evidence.json("tables read with the public key", seen)
    verdict(findings, what="Supabase anonymous reads")


def test_supabase_cross_user_reads(
    supabase_audit: Audit, supabase_user: tuple[str, str], redactor: Redactor, evidence: Evidence, verdict: Verdict
) -> None:
    """Signed in as the test user, no row of another user comes back from a private table."""
    me, token = supabase_user
    settings, api = supabase_audit.settings, supabase_audit.api
    others = [settings.second_user_id] if settings.second_user_id else []
    if not others:  # a row the test user cannot own: a provider's user_id in a public table…
        for name in settings.public_tables:
            rows = sb.rows_of(api.read(name, token=token, limit=OWN_ROWS_READ))
            redactor.add(*sb.row_values(rows))
            others += sb.other_user_ids(rows, settings.owners_of(name, list(rows[0]) if rows else []), me)
    findings: list[Finding] = []
    seen = {}
    for name, table in supabase_audit.private_tables().items():
        owners = settings.owners_of(name, [c.name for c in table.columns])
        # Server-side: rows none of whose owner columns is the test user (all-empty owners drop out).
        response = api.read(name, {c: f"neq.{me}" for c in owners}, token=token, limit=OWN_ROWS_READ)
        rows = sb.rows_of(response)
        redactor.add(*sb.row_values(rows))
        if not table.columns and rows:  # a table known by name only: its columns come with its rows
            owners = settings.owners_of(name, list(rows[0]))
        seen[name] = {"status": response.status_code, "rows": len(rows), "owner_columns": owners}
        findings += sb.check_cross_user_read(name, response, me, owners, sorted(set(others)))
    evidence.json("private tables read as the test user", {"other_users_known": len(set(others)), "tables": seen})
    verdict(findings, what="Supabase cross-user reads")


def test_supabase_private_buckets_do_not_list(
    supabase_audit: Audit, redactor: Redactor, evidence: Evidence, verdict: Verdict
) -> None:
    """Private Supabase storage buckets do not list to the public key."""
    buckets = supabase_audit.settings.private_buckets
    if not buckets:
        pytest.skip("no private_buckets in the profile's [supabase] section")
    findings: list[Finding] = []
    for bucket in buckets:
        response = supabase_audit.api.list_bucket(bucket)
        redactor.add(*sb.row_values(sb.rows_of(response), min_length=4))
        findings += sb.check_bucket_listing(bucket, response)
        evidence.json(f"list of bucket {bucket}", {"status": response.status_code,
                                                   "objects": len(sb.rows_of(response))})  # fmt: skip
    verdict(findings, what="Supabase private buckets")


@pytest.mark.destructive
def test_supabase_anonymous_insert_refused(supabase_audit: Audit, evidence: Evidence, verdict: Verdict) -> None:
    """An insert with the public key into any non-public table is refused; a row that gets in is deleted."""
    marker = f"postdeploy-probe-{secrets.token_hex(6)}"
    findings: list[Finding] = []
    seen = {}
    for name, table in supabase_audit.private_tables().items():
        probe = sb.probe_row(table, marker)
        response = supabase_audit.api.insert(name, probe.row)
        cleanup = None
        if 200 <= response.status_code < 300 and probe.match is not None:
            cleanup = supabase_audit.api.delete(name, probe.match)
        seen[name] = {"status": response.status_code, "cleanup": cleanup.status_code if cleanup else None}
        findings += sb.check_anonymous_insert(name, response, probe, cleanup)
    evidence.json("anonymous inserts", {"marker": marker, "tables": seen})
    verdict(findings, what="Supabase anonymous inserts")
