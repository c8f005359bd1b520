"""What Supabase's gateway and PostgREST do before any query: check the API key, verify the bearer
token, and run the query in a transaction as the caller's role with the caller's claims set."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from postdeploy.demo.supabase import tokens

API_ROLES = frozenset({"anon", "authenticated"})
T = TypeVar("T")

# PostgREST's mapping of PostgreSQL errors to HTTP statuses (the ones this API can meet).
_STATUS_OF_SQLSTATE = {
    "23502": 400, "23503": 409, "23505": 409, "23514": 400, "22P02": 400, "22007": 400, "22008": 400,
    "42703": 400, "42883": 404, "42P01": 404, "42804": 400, "21000": 400,
}  # fmt: skip


@dataclass(frozen=True)
class Keys:
    """The project's signing secret and the two client keys derived from it."""

    jwt_secret: str
    anon: str
    publishable: str

    @classmethod
    def from_secret(cls, secret: str) -> Keys:
        return cls(secret, tokens.anon_key(secret), tokens.publishable_key(secret))


@dataclass(frozen=True)
class Caller:
    role: str
    claims: dict[str, Any]
    # "publishable" for the sb_publishable_ key, which newer projects refuse the OpenAPI document.
    key_kind: str


def error(status: int, message: str, code: str = "", **extra: Any) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, "details": None, "hint": None, **extra}, status)


def caller_of(request: Request, keys: Keys) -> Caller | Response:
    """The caller's role and claims, or the 401 the gateway answers."""
    apikey = request.headers.get("apikey") or request.query_params.get("apikey")
    if not apikey:
        return JSONResponse({"message": "No API key found in request"}, 401)
    if apikey == keys.publishable:
        key_kind, key_claims = "publishable", {"role": "anon", "iss": tokens.ISSUER}
    else:
        verified = tokens.verify(apikey, keys.jwt_secret)
        if verified is None or verified.get("role") != "anon":
            return JSONResponse({"message": "Invalid API key"}, 401)
        key_kind, key_claims = "jwt", verified
    scheme, _, bearer = request.headers.get("authorization", "").partition(" ")
    if not bearer or scheme.lower() != "bearer" or bearer == apikey:
        return Caller("anon", key_claims, key_kind)
    claims = tokens.verify(bearer, keys.jwt_secret)
    if claims is None:
        return error(401, "JWT expired or invalid", "PGRST301")
    role = str(claims.get("role", ""))
    if role not in API_ROLES:
        return error(401, f'role "{role}" does not exist', "42704")
    return Caller(role, claims, key_kind)


def database_error(exc: psycopg.Error, caller: Caller) -> JSONResponse:
    """A PostgreSQL error as PostgREST reports it; an RLS refusal is 401 for anon, 403 when signed in."""
    state = exc.sqlstate or ""
    if state == "42501":
        status = 401 if caller.role == "anon" else 403
    else:
        status = _STATUS_OF_SQLSTATE.get(state, 500 if not state.startswith("22") else 400)
    diag = exc.diag
    return JSONResponse(
        {"code": state, "message": diag.message_primary or str(exc), "details": diag.message_detail,
         "hint": diag.message_hint},
        status,
    )  # fmt: skip


class Database:
    """The data API's connection pool (as `authenticator`) and PostgREST's per-request transaction."""

    def __init__(self, conninfo: str) -> None:
        self.pool = AsyncConnectionPool(conninfo, min_size=2, max_size=6, open=False, timeout=10)

    async def open(self) -> None:
        await self.pool.open(wait=True, timeout=15)

    async def close(self) -> None:
        await self.pool.close()

    async def as_caller(
        self,
        caller: Caller,
        request: Request,
        work: Callable[[psycopg.AsyncConnection[Any]], Awaitable[T]],
        role: str | None = None,
    ) -> T:
        """Run `work` in one transaction as the caller's role (or a service's `role`), with the
        caller's JWT claims in `request.jwt.claims`, exactly as PostgREST sets them."""
        async with self.pool.connection() as conn, conn.transaction():
            await conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role or caller.role)))
            await conn.execute(
                "SELECT set_config('request.jwt.claims', %s, true), set_config('request.method', %s, true),"
                " set_config('request.path', %s, true)",
                (json.dumps(caller.claims), request.method, request.url.path),
            )
            return await work(conn)
