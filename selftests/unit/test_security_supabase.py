"""The Supabase audit's pure parts on saved and mocked answers: discovery, table lists, verdicts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from postdeploy.checks.security import supabase as sb
from postdeploy.demo.supabase.tokens import sign
from postdeploy.profile import ProfileError, SupabaseSettings, load_profile
from postdeploy.redact import MASK

DATA = Path(__file__).resolve().parents[1] / "data" / "supabase"
ANON = sign({"iss": "supabase", "ref": "abcdefghijklmnopqrst", "role": "anon"}, "unit-secret")
SERVICE = sign({"iss": "supabase", "ref": "abcdefghijklmnopqrst", "role": "service_role"}, "unit-secret")
PUBLISHABLE = "sb_publishable_" + "Ab3dEf6hIj9kLm2nOp5qRs"
ME, OTHER = "5f0c2a8e-3b7d-4c1e-9a2f-6d8b1e4c7a10", "a8e4d2c1-7f3b-4e9a-8c6d-2b1f0e9d3c54"


def answer(status: int, body: Any = None) -> httpx.Response:
    return httpx.Response(status, json=body, request=httpx.Request("GET", "https://p.example/rest/v1/x"))


def page(status: int) -> httpx.Response:
    request = httpx.Request("GET", "https://cdn.example/rest/v1/?apikey=k")
    return httpx.Response(status, text="<html>Not Found</html>", headers={"content-type": "text/html"}, request=request)


# -- discovery ----------------------------------------------------------------------------------


def test_hosted_url_and_anon_key_from_a_nextjs_chunk() -> None:
    chunk = f'let s=(0,r.createBrowserClient)("https://abcdefghijklmnopqrst.supabase.co","{ANON}");s.from("bookings")'
    found = sb.discover([("/", "<html>no project here</html>"), ("/_next/static/chunks/app.js", chunk)])
    assert (found.url, found.key) == ("https://abcdefghijklmnopqrst.supabase.co", ANON)
    assert found.url_source == found.key_source == "/_next/static/chunks/app.js"
    assert found.tables == ("bookings",)


def test_custom_domain_next_to_the_key_and_escaped_quotes_in_rsc_payloads() -> None:
    payload = rf'self.__next_f.push([1,"{{\"url\":\"https://api.shop.example\",\"key\":\"{PUBLISHABLE}\"}}"])'
    found = sb.discover([("/", payload)])
    assert (found.url, found.key) == ("https://api.shop.example", PUBLISHABLE)


def test_named_env_assignment_wins_over_other_urls() -> None:
    html = (
        '<a href="https://cdn.example/x">x</a><script id="env" type="application/json">'
        f'{{"NEXT_PUBLIC_SUPABASE_URL": "http://127.0.0.1:5555", "NEXT_PUBLIC_SUPABASE_ANON_KEY": "{ANON}"}}</script>'
    )
    assert sb.discover([("/", html)]).url == "http://127.0.0.1:5555"


def test_a_service_role_key_is_never_chosen_and_the_ref_gives_the_url() -> None:
    found = sb.discover([("/", f'createClient(x, "{SERVICE}")'), ("/app.js", f'key:"{ANON}"')])
    assert found.key == ANON
    assert found.url == "https://abcdefghijklmnopqrst.supabase.co" and "project ref" in found.url_source
    assert sb.discover([("/", f'"{SERVICE}"')]).key is None


def test_key_kinds() -> None:
    assert [sb.key_kind(k) for k in (ANON, SERVICE, PUBLISHABLE, "sb_secret_abc", "nope")] == [
        "anon", "secret", "publishable", "secret", "unknown",
    ]  # fmt: skip


def test_locate_prefers_the_profile_and_refuses_secret_keys() -> None:
    found = sb.Discovery("https://found.supabase.co", ANON, "/", "/")
    settings = SupabaseSettings(url="https://api.shop.example/")
    project = sb.locate(settings, {"NEXT_PUBLIC_SUPABASE_ANON_KEY": PUBLISHABLE}, found)
    assert project is not None
    assert (project.url, project.key, project.kind) == ("https://api.shop.example", PUBLISHABLE, "publishable")
    assert (project.url_source, project.key_source) == ("the profile", "$NEXT_PUBLIC_SUPABASE_ANON_KEY")
    with pytest.raises(sb.TargetError, match="service-role or secret key"):
        sb.locate(SupabaseSettings(), {"NEXT_PUBLIC_SUPABASE_ANON_KEY": SERVICE}, found)
    assert sb.locate(SupabaseSettings(), {}, sb.Discovery()) is None


# -- tables ---------------------------------------------------------------------------------------


def test_tables_from_a_saved_openapi_document() -> None:
    tables = sb.tables_from_openapi(json.loads((DATA / "openapi.json").read_text()))
    assert set(tables) == {"bookings", "invoices", "listings", "messages", "profiles", "providers", "reviews"}
    columns = {c.name: c for c in tables["messages"].columns}
    assert columns["body"].required and not columns["sender_id"].required
    assert columns["id"].primary_key and columns["sender_id"].foreign_key and columns["sender_id"].format == "uuid"
    assert sb.tables_from_openapi({"message": "forbidden"}) == {}


def test_refused_document_falls_back_to_profile_and_code_tables() -> None:
    settings = SupabaseSettings(tables=["orders"], public_tables=["products"])
    tables, notes = sb.audit_tables(answer(403, {"message": "no"}), settings, ("orders", "carts"))
    assert {name: t.source for name, t in tables.items()} == {
        "orders": "profile",
        "products": "profile",
        "carts": "code",
    }
    assert [n.id for n in notes] == ["supabase.no-openapi"] and "HTTP 403" in notes[0].message
    documented, none = sb.audit_tables(answer(200, json.loads((DATA / "openapi.json").read_text())), settings, ())
    assert none == [] and documented["messages"].source == "openapi" and documented["orders"].source == "profile"
    with pytest.raises(
        sb.TargetError, match=r"^https://cdn.example/rest/v1/ answered HTTP 404 \(text/html\), not a Supabase"
    ):
        sb.audit_tables(page(404), settings, ())
    assert sb.audit_tables(page(403), settings, ())[1][0].id == "supabase.no-openapi"  # a gateway's own refusal


# -- reads ------------------------------------------------------------------------------------------


def test_anonymous_rows_of_a_private_table_are_critical_with_values_masked() -> None:
    rows = [{"id": ME, "email": "pilot@example.com", "phone": None}]
    [finding] = sb.check_anonymous_read("profiles", answer(200, rows), public=False)
    assert finding.id == "supabase.anon-read" and finding.severity.label == "critical" and finding.subject == "profiles"
    assert "id, email, phone" in finding.message
    assert finding.evidence["row"] == {"id": MASK, "email": MASK, "phone": None}
    assert "pilot@example.com" not in json.dumps(finding.as_dict()) and ME not in json.dumps(finding.as_dict())
    assert sb.check_anonymous_read("listings", answer(200, rows), public=True) == []
    assert sb.check_anonymous_read("profiles", answer(200, []), public=False) == []
    assert sb.check_anonymous_read("profiles", answer(401, {"code": "42501"}), public=False) == []
    [error] = sb.check_anonymous_read("profiles", answer(500, {"code": "XX000"}), public=False)
    assert error.id == "supabase.read-error" and error.severity.label == "info"


def test_cross_user_rows_by_owner_column_and_by_the_other_users_id() -> None:
    mine = {"id": 1, "sender_id": ME, "receiver_id": OTHER}
    theirs = {"id": 2, "sender_id": OTHER, "receiver_id": "c3b9e7f1-2d4a-4b8c-a1e6-9f7d5c3b2e88"}
    guest = {"id": 3, "sender_id": None, "receiver_id": None}
    owners = ["sender_id", "receiver_id"]
    assert sb.check_cross_user_read("messages", answer(200, [mine, guest]), ME, owners, []) == []
    [finding] = sb.check_cross_user_read("messages", answer(200, [mine, theirs]), ME, owners, [])
    assert finding.id == "supabase.cross-user-read" and "1 row(s) of messages" in finding.message
    invoice = {"id": 9, "billed_to": OTHER, "amount_cents": 100}
    [by_id] = sb.check_cross_user_read("invoices", answer(200, [invoice]), ME, [], [OTHER])
    assert "another user's id" in by_id.evidence["told_by"]
    own_invoice = {"id": 8, "billed_to": ME, "issued_by": OTHER}
    assert sb.check_cross_user_read("invoices", answer(200, [own_invoice]), ME, [], [OTHER]) == []
    [unknown] = sb.check_cross_user_read("invoices", answer(200, [invoice]), ME, [], [])
    assert unknown.id == "supabase.owner-unknown" and unknown.severity.label == "info"


def test_other_user_ids_come_from_owner_columns() -> None:
    rows = [{"user_id": OTHER, "name": "x"}, {"user_id": ME}, {"user_id": "not-a-uuid"}]
    assert sb.other_user_ids(rows, ["user_id"], ME) == [OTHER]


def test_a_private_bucket_that_lists_is_high() -> None:
    listed = answer(200, [{"name": "a.pdf", "id": "x"}])
    [finding] = sb.check_bucket_listing("invoices", listed)
    assert finding.id == "supabase.bucket-lists" and finding.severity.label == "high"
    assert "a.pdf" not in json.dumps(finding.as_dict())
    assert sb.check_bucket_listing("invoices", answer(200, [])) == []
    assert sb.check_bucket_listing("invoices", answer(400, {"error": "Bucket not found"})) == []


# -- write probe ----------------------------------------------------------------------------------


def test_probe_row_fills_required_columns_and_marks_a_text_column() -> None:
    table = sb.Table("messages", (
        sb.Column("id", "bigint", False, True), sb.Column("sender_id", "uuid", False, False, True),
        sb.Column("body", "text", True), sb.Column("sent_on", "date", True),
    ))  # fmt: skip
    probe = sb.probe_row(table, "postdeploy-probe-1")
    assert probe.row == {"body": "postdeploy-probe-1", "sent_on": "2030-01-01"}
    assert probe.match == {"body": "eq.postdeploy-probe-1"}
    by_uuid = sb.probe_row(sb.Table("links", (sb.Column("ref", "uuid", True), sb.Column("n", "integer", True))), "m")
    assert by_uuid.match == {"ref": f"eq.{by_uuid.row['ref']}"} and by_uuid.row["n"] == 1
    assert sb.probe_row(sb.Table("known_by_name_only"), "m") == sb.ProbeRow({}, None)


def test_insert_verdicts() -> None:
    probe = sb.ProbeRow({"body": "m"}, {"body": "eq.m"})
    assert sb.check_anonymous_insert("messages", answer(401, {"code": "42501"}), probe, None) == []
    [deleted] = sb.check_anonymous_insert("messages", answer(201), probe, answer(200, [{"id": 5}]))
    assert deleted.severity.label == "critical" and "deleted again" in deleted.message
    [left] = sb.check_anonymous_insert("messages", answer(201), probe, answer(200, []))
    assert "remove the row where body = 'm' by hand" in left.message and "no row deleted" in left.message
    [unmatched] = sb.check_anonymous_insert("t", answer(201), sb.ProbeRow({}, None), None)
    assert "no column identifies it" in unmatched.message
    [through] = sb.check_anonymous_insert("profiles", answer(409, {"code": "23503"}), probe, None)
    assert through.id == "supabase.anon-insert" and through.severity.label == "high" and "23503" in through.message
    [unsure] = sb.check_anonymous_insert("t", answer(400, {"code": "22P02"}), probe, None)
    assert unsure.id == "supabase.insert-inconclusive" and unsure.severity.label == "info"


# -- client and profile ---------------------------------------------------------------------------


def test_client_sends_what_supabase_js_sends() -> None:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    handler: Callable[[httpx.Request], httpx.Response] = record
    with httpx.Client(base_url="https://p.example", transport=httpx.MockTransport(handler)) as client:
        api = sb.SupabaseApi(client, ANON)
        api.read("profiles")
        api.read("profiles", {"user_id": f"neq.{ME}"}, token="user-token", limit=50)
        api.insert("messages", {"body": "m"})
        api.delete("messages", {"body": "eq.m"})
    anon, user, insert, delete = seen
    assert (anon.headers["apikey"], anon.headers["authorization"]) == (ANON, f"Bearer {ANON}")
    assert anon.url.params["select"] == "*" and anon.url.params["limit"] == "1"
    assert user.headers["authorization"] == "Bearer user-token" and user.url.params["user_id"] == f"neq.{ME}"
    assert insert.headers["prefer"] == "return=minimal" and json.loads(insert.content) == {"body": "m"}
    assert delete.method == "DELETE" and delete.headers["prefer"] == "return=representation"


def test_profile_section(tmp_path: Path) -> None:
    demo = load_profile(Path(__file__).resolve().parents[2] / "targets" / "demo.toml", env={})
    assert demo.supabase.public_tables == ["providers", "listings", "reviews"] and demo.supabase.url is None
    assert demo.supabase.owners_of("profiles", ["id", "email"]) == ["id"]
    assert demo.supabase.owners_of("messages", ["id", "sender_id", "receiver_id", "body"]) == [
        "sender_id",
        "receiver_id",
    ]
    bad = tmp_path / "bad.toml"
    bad.write_text('[supabase]\nurl = "abcdefghij.supabase.co"\n')
    with pytest.raises(ProfileError, match=r"supabase\.url: .*not an absolute http\(s\) URL"):
        load_profile(bad, env={})


def test_missing_postgresql_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from postdeploy.demo.supabase import postgres

    monkeypatch.setattr(postgres, "DEBIAN_BIN", "/nonexistent/bin")
    monkeypatch.setattr(postgres.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(postgres.shutil, "which", lambda name: None)
    with pytest.raises(postgres.PostgresError, match=r"^PostgreSQL not found .*: run scripts/setup.sh") as caught:
        postgres.find_bin_dir()
    assert "\n" not in str(caught.value)
