"""`/auth/v1/token` (Supabase Auth's password grant) and `/storage/v1/object/list/<bucket>`
(Supabase Storage's listing): the password and the listed objects are decided in PostgreSQL."""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

import psycopg
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from postdeploy.demo.supabase import tokens
from postdeploy.demo.supabase.gateway import Caller, Database, Keys, caller_of, database_error

SIGN_IN = """
SELECT id::text, email FROM auth.users
 WHERE email = lower(%s) AND encrypted_password = crypt(%s, encrypted_password)
"""
BUCKET_EXISTS = "SELECT 1 FROM storage.buckets WHERE id = %s"
# Run as the caller's role: storage.objects' row-level security decides what is listed.
LIST_OBJECTS = """
SELECT coalesce(json_agg(o), '[]')::text FROM (
  SELECT name, id, updated_at, created_at, last_accessed_at, metadata FROM storage.objects
   WHERE bucket_id = %s AND name LIKE %s ESCAPE '\\'
   ORDER BY name LIMIT %s OFFSET %s) o
"""


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _auth_error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"code": status, "error_code": code, "msg": message}, status)


class Services:
    def __init__(self, db: Database, keys: Keys) -> None:
        self.db, self.keys = db, keys

    def routes(self) -> list[Route]:
        return [
            Route("/auth/v1/token", self.token, methods=["POST"]),
            Route("/storage/v1/object/list/{bucket:path}", self.list_objects, methods=["POST"]),
        ]

    async def _json(self, request: Request) -> dict[str, Any] | None:
        try:
            body = json.loads(await request.body() or b"{}")
        except json.JSONDecodeError:
            return None
        return body if isinstance(body, dict) else None

    async def token(self, request: Request) -> Response:
        caller = caller_of(request, self.keys)
        if isinstance(caller, Response):
            return caller
        if request.query_params.get("grant_type") != "password":
            return _auth_error(400, "validation_failed", "Unsupported grant type: only password is supported")
        body = await self._json(request)
        email, password = (body or {}).get("email"), (body or {}).get("password")
        if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
            return _auth_error(400, "validation_failed", "An email address and a password are required")

        async def check(conn: psycopg.AsyncConnection[Any]) -> tuple[Any, ...] | None:
            return await (await conn.execute(SIGN_IN, (email, password))).fetchone()

        try:
            user = await self.db.as_caller(caller, request, check, role="supabase_auth_admin")
        except psycopg.Error as exc:
            return database_error(exc, caller)
        if user is None:
            return _auth_error(400, "invalid_credentials", "Invalid login credentials")
        user_id, user_email = str(user[0]), str(user[1])
        now = int(time.time())
        access = tokens.access_token(self.keys.jwt_secret, user_id, user_email, secrets.token_hex(16), now)
        return JSONResponse({
            "access_token": access, "token_type": "bearer", "expires_in": tokens.ACCESS_TOKEN_SECONDS,
            "expires_at": now + tokens.ACCESS_TOKEN_SECONDS, "refresh_token": secrets.token_urlsafe(16),
            "user": {"id": user_id, "aud": "authenticated", "role": "authenticated", "email": user_email},
        })  # fmt: skip

    async def list_objects(self, request: Request) -> Response:
        caller = caller_of(request, self.keys)
        if isinstance(caller, Response):
            return caller
        body = await self._json(request)
        if body is None:
            return JSONResponse({"statusCode": "400", "error": "Invalid JSON", "message": "Invalid JSON"}, 400)
        bucket = request.path_params["bucket"]
        prefix, limit, offset = str(body.get("prefix") or ""), body.get("limit", 100), body.get("offset", 0)
        if not isinstance(limit, int) or not isinstance(offset, int) or limit < 0 or offset < 0:
            return JSONResponse({"statusCode": "400", "error": "Invalid limit", "message": "Invalid limit"}, 400)
        try:
            return await self._list(request, caller, bucket, prefix, limit, offset)
        except psycopg.Error as exc:
            return database_error(exc, caller)

    async def _list(
        self, request: Request, caller: Caller, bucket: str, prefix: str, limit: int, offset: int
    ) -> Response:
        async def exists(conn: psycopg.AsyncConnection[Any]) -> bool:
            return await (await conn.execute(BUCKET_EXISTS, (bucket,))).fetchone() is not None

        if not await self.db.as_caller(caller, request, exists, role="supabase_storage_admin"):
            return JSONResponse({"statusCode": "404", "error": "Bucket not found", "message": "Bucket not found"}, 400)

        async def listing(conn: psycopg.AsyncConnection[Any]) -> str:
            row = await (await conn.execute(LIST_OBJECTS, (bucket, _like_prefix(prefix), limit, offset))).fetchone()
            return str(row[0]) if row else "[]"

        result = await self.db.as_caller(caller, request, listing)
        return Response(result, 200, media_type="application/json")
