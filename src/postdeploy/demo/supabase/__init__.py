"""The demo's Supabase-compatible data API (`demo serve --supabase`): PostgREST-like `/rest/v1`,
Supabase Auth's password grant and Storage's listing, on its own origin, backed by a real PostgreSQL
whose row-level security makes every permit/deny decision."""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import PoolTimeout
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from postdeploy.demo.settings import TEST_PASSWORD
from postdeploy.demo.supabase import schema
from postdeploy.demo.supabase.gateway import Database, Keys
from postdeploy.demo.supabase.postgres import Cluster, PostgresError, start_cluster
from postdeploy.demo.supabase.rest import RestApi
from postdeploy.demo.supabase.services import Services
from postdeploy.demo.switches import ActiveFaults

__all__ = ["JWT_SECRET_ENV", "PostgresError", "SupabasePart", "start_part"]

# The redaction audit plants its own signing secret here, to recognise every token the demo issues.
JWT_SECRET_ENV = "DEMO_SUPABASE_JWT_SECRET"


@dataclass
class SupabasePart:
    cluster: Cluster
    keys: Keys
    db: Database
    app: Starlette

    async def open(self) -> None:
        try:
            await self.db.open()
        except (psycopg.Error, PoolTimeout) as exc:
            raise PostgresError(f"the data API cannot log in to PostgreSQL: {str(exc).splitlines()[0]}") from None

    async def close(self) -> None:
        await self.db.close()

    def stop(self) -> None:
        self.cluster.stop()


def create_schema(cluster: Cluster) -> None:
    """Roles, schemas, tables, policies and seed rows: built once into the template cluster."""
    passwords = {"pilot_password": secrets.token_urlsafe(12), "other_password": secrets.token_urlsafe(12)}
    with psycopg.connect(cluster.superuser_conninfo, autocommit=True) as conn:
        for block in (schema.ROLES, schema.AUTH, schema.TABLES, schema.POLICIES, schema.STORAGE):
            conn.execute(block)  # trusted constant SQL
        conn.execute(schema.SEED_USERS, passwords)
        conn.execute(schema.SEED)


def prepare(cluster: Cluster, faults: ActiveFaults) -> None:
    """What differs per start: the API's own password, the test user's password, the faults."""
    # DEMO_TEST_PASSWORD lets the redaction audit plant a password of its own (as in demo.db).
    password = os.environ.get("DEMO_TEST_PASSWORD") or TEST_PASSWORD
    with psycopg.connect(cluster.superuser_conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("ALTER ROLE authenticator PASSWORD {}").format(sql.Literal(cluster.app_password)))
        conn.execute(
            "UPDATE auth.users SET encrypted_password = crypt(%s, gen_salt('bf', 6)) WHERE id = %s",
            (password, schema.PILOT_ID),
        )
        for name, statement in schema.FAULT_SQL.items():
            if faults.on(name):
                conn.execute(statement)


SCHEMA_KEY = hashlib.sha256(
    "".join((schema.ROLES, schema.AUTH, schema.TABLES, schema.POLICIES, schema.STORAGE, schema.SEED_USERS,
             schema.SEED)).encode()
).hexdigest()  # fmt: skip


def _json_errors() -> dict[Any, Any]:
    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        return JSONResponse({"message": "no Route matched with those values"}, status)

    return {HTTPException: http_error}


def start_part(faults: ActiveFaults) -> SupabasePart:
    """Start PostgreSQL, prepare the database and build the API (its pool opens in the event loop)."""
    cluster = start_cluster(SCHEMA_KEY, create_schema)
    try:
        prepare(cluster, faults)
    except BaseException:
        cluster.stop()
        raise
    keys = Keys.from_secret(os.environ.get(JWT_SECRET_ENV) or secrets.token_urlsafe(32))
    db = Database(cluster.app_conninfo)
    routes = [*RestApi(db, keys).routes(), *Services(db, keys).routes()]
    return SupabasePart(cluster, keys, db, Starlette(routes=routes, exception_handlers=_json_errors()))
