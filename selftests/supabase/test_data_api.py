"""The demo's Supabase-compatible data API behaves like Supabase's (keys, PostgREST reads, filters
and errors, the password grant, storage listing) and PostgreSQL's row-level security decides."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from postdeploy.demo.launch import RunningDemo, running_demo
from postdeploy.demo.supabase import JWT_SECRET_ENV, schema
from postdeploy.demo.supabase.tokens import publishable_key
from selftests.demo.helpers import EMAIL, PASSWORD

SECRET = "selftest-data-api-secret"
PRIVATE = ("profiles", "bookings", "messages", "invoices")
PUBLIC = ("providers", "listings", "reviews")


@pytest.fixture(scope="module")
def demo() -> Iterator[RunningDemo]:
    with running_demo(supabase=True, extra_env={JWT_SECRET_ENV: SECRET}) as running:
        yield running


@pytest.fixture(scope="module")
def anon_key(demo: RunningDemo) -> str:
    page = httpx.get(demo.base_url + "/").text
    embedded = json.loads(re.search(r'<script id="public-env" type="application/json">(.+?)</script>', page)[1])  # type: ignore[index]
    assert embedded["NEXT_PUBLIC_SUPABASE_URL"] == demo.supabase_url
    return str(embedded["NEXT_PUBLIC_SUPABASE_ANON_KEY"])


@pytest.fixture(scope="module")
def api(demo: RunningDemo) -> Iterator[httpx.Client]:
    assert demo.supabase_url
    with httpx.Client(base_url=demo.supabase_url, timeout=10) as client:
        yield client


def headers(key: str, token: str | None = None) -> dict[str, str]:
    return {"apikey": key, "Authorization": f"Bearer {token or key}"}


def sign_in(api: httpx.Client, key: str, password: str = PASSWORD) -> httpx.Response:
    body = {"email": EMAIL, "password": password}
    return api.post("/auth/v1/token", params={"grant_type": "password"}, json=body, headers=headers(key))


def test_keys_and_openapi(api: httpx.Client, anon_key: str) -> None:
    assert api.get("/rest/v1/providers").status_code == 401
    assert api.get("/rest/v1/providers", headers={"apikey": "eyJnope"}).status_code == 401
    assert (
        api.get("/rest/v1/providers", headers={"apikey": anon_key, "Authorization": "Bearer x.y.z"}).status_code == 401
    )
    document = api.get("/rest/v1/", headers=headers(anon_key)).json()
    assert set(document["definitions"]) == {*PRIVATE, *PUBLIC}
    messages = document["definitions"]["messages"]
    assert messages["required"] == ["body"] and "<pk/>" in messages["properties"]["id"]["description"]
    publishable = publishable_key(SECRET)
    assert api.get("/rest/v1/", headers=headers(publishable)).status_code == 403  # newer projects refuse it
    assert api.get("/rest/v1/providers", headers=headers(publishable)).status_code == 200


def test_anonymous_reads_follow_rls(api: httpx.Client, anon_key: str) -> None:
    for table in PRIVATE:
        assert api.get(f"/rest/v1/{table}", headers=headers(anon_key)).json() == [], table
    listings = api.get(
        "/rest/v1/listings", params={"select": "id,title", "order": "id.desc"}, headers=headers(anon_key)
    )
    assert [row["id"] for row in listings.json()] == [2, 1]  # the inactive listing 3 stays hidden
    assert listings.headers["content-range"] == "0-1/*"


def test_query_errors_are_postgrest_shaped(api: httpx.Client, anon_key: str) -> None:
    answers = {
        "/rest/v1/nosuch": (404, "PGRST205"),
        "/rest/v1/providers?nosuch=eq.1": (400, "42703"),
        "/rest/v1/providers?id=resembles.1": (400, "PGRST100"),
        "/rest/v1/providers?id=eq.abc": (400, "22P02"),
    }
    for path, (status, code) in answers.items():
        response = api.get(path, headers=headers(anon_key))
        assert (response.status_code, response.json()["code"]) == (status, code), path
    assert api.delete("/rest/v1/messages", headers=headers(anon_key)).status_code == 400  # no filter, no delete


def test_password_grant_and_the_signed_in_role(api: httpx.Client, anon_key: str) -> None:
    wrong = sign_in(api, anon_key, "not-the-password")
    assert wrong.status_code == 400 and wrong.json()["error_code"] == "invalid_credentials"
    answer = sign_in(api, anon_key).json()
    token, me = answer["access_token"], answer["user"]["id"]
    assert me == schema.PILOT_ID
    profiles = api.get("/rest/v1/profiles", headers=headers(anon_key, token)).json()
    assert [p["id"] for p in profiles] == [me]
    spoofed = {"sender_id": schema.GROWER_ID, "receiver_id": me, "body": "spoofed"}
    refused = api.post("/rest/v1/messages", json=spoofed, headers=headers(anon_key, token))
    assert refused.status_code == 403 and refused.json()["code"] == "42501"
    own = api.post("/rest/v1/messages", json={"sender_id": me, "receiver_id": schema.GROWER_ID, "body": "hello"},
                   headers={**headers(anon_key, token), "Prefer": "return=representation"})  # fmt: skip
    assert own.status_code == 201 and own.json()[0]["sender_id"] == me
    # Roles are set per transaction (SET LOCAL): pooled connections carry nothing over to anon.
    for _ in range(8):
        api.get("/rest/v1/profiles", headers=headers(anon_key, token))
        assert api.get("/rest/v1/profiles", headers=headers(anon_key)).json() == []


def test_storage_listing_follows_rls(api: httpx.Client, anon_key: str) -> None:
    def listing(bucket: str, token: str | None = None) -> httpx.Response:
        return api.post(f"/storage/v1/object/list/{bucket}", json={"prefix": ""}, headers=headers(anon_key, token))

    assert [o["name"] for o in listing("listing-photos").json()] == ["crop-mapping.jpg"]
    assert listing("invoices").json() == []
    token = sign_in(api, anon_key).json()["access_token"]
    assert [o["name"] for o in listing("invoices", token).json()] == [f"{schema.PILOT_ID}/invoice-1.pdf"]
    missing = listing("no-such-bucket")
    assert missing.status_code == 400 and missing.json()["error"] == "Bucket not found"


def test_without_supabase_the_pages_embed_nothing() -> None:
    with running_demo() as plain:
        assert plain.supabase_url is None
        assert 'id="public-env"' not in httpx.get(plain.base_url + "/").text


def test_a_database_fault_needs_supabase() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "postdeploy", "demo", "serve", "--fault", "supabase-anon-insert"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and done.stderr == "postdeploy demo: fault 'supabase-anon-insert' needs --supabase\n"
