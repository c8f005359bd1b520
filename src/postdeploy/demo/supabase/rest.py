"""`/rest/v1`: the part of PostgREST the demo needs — the OpenAPI document, reads with `select`,
`limit`, `order` and filters, inserts and deletes — each one SQL statement run as the caller's role."""

from __future__ import annotations

import json
from typing import Any

import psycopg
from psycopg import sql
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from postdeploy.demo.supabase.gateway import Caller, Database, Keys, caller_of, database_error, error
from postdeploy.demo.supabase.openapi import openapi_document

RESERVED = frozenset({"select", "limit", "offset", "order", "apikey", "columns", "on_conflict"})
_COMPARISONS = {
    "eq": "=",
    "neq": "<>",
    "gt": ">",
    "gte": ">=",
    "lt": "<",
    "lte": "<=",
    "like": "LIKE",
    "ilike": "ILIKE",
}
_IS = {"null": "NULL", "true": "TRUE", "false": "FALSE", "unknown": "UNKNOWN"}
_TABLE_EXISTS = (
    "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = 'public' AND c.relname = %s AND c.relkind IN ('r', 'v', 'm', 'p', 'f')"
)
JSON_TYPE = "application/json; charset=utf-8"


class BadRequest(Exception):
    """A query string PostgREST could not parse (PGRST100)."""


def _condition(column: str, raw: str) -> tuple[sql.Composable, list[Any]]:
    negate = raw.startswith("not.")
    op, _, operand = raw.removeprefix("not.").partition(".")
    target = sql.Identifier(column)
    params: list[Any] = []
    if op in _COMPARISONS:
        cond: sql.Composable = sql.SQL("{} {} %s").format(target, sql.SQL(_COMPARISONS[op]))
        params.append(operand.replace("*", "%") if op in ("like", "ilike") else operand)
    elif op == "is" and operand in _IS:
        cond = sql.SQL("{} IS {}").format(target, sql.SQL(_IS[operand]))
    elif op == "in" and operand.startswith("(") and operand.endswith(")"):
        cond = sql.SQL("{}::text = ANY(%s)").format(target)
        params.append([item.strip().strip('"') for item in operand[1:-1].split(",") if item.strip()])
    else:
        raise BadRequest(f'"failed to parse filter ({raw})" on column {column}')
    return (sql.SQL("NOT ({})").format(cond) if negate else cond), params


def where_clause(request: Request) -> tuple[sql.Composable | None, list[Any]]:
    """The filters of the query string as a WHERE clause (None without filters) and its parameters."""
    conditions: list[sql.Composable] = []
    params: list[Any] = []
    for column, raw in request.query_params.multi_items():
        if column in RESERVED:
            continue
        cond, values = _condition(column, raw)
        conditions.append(cond)
        params += values
    if not conditions:
        return None, []
    return sql.SQL(" WHERE ") + sql.SQL(" AND ").join(conditions), params


def _columns(select: str) -> sql.Composable:
    names = [name.strip() for name in select.split(",") if name.strip()]
    if not names or names == ["*"]:
        return sql.SQL("*")
    return sql.SQL(", ").join(sql.Identifier(name) for name in names)


def _order(order: str) -> sql.Composable:
    parts = []
    for item in filter(None, (p.strip() for p in order.split(","))):
        column, _, direction = item.partition(".")
        word = {"desc": "DESC", "asc": "ASC", "": "ASC"}.get(direction.split(".")[0])
        if word is None:
            raise BadRequest(f'"failed to parse order ({order})"')
        parts.append(sql.SQL("{} {}").format(sql.Identifier(column), sql.SQL(word)))
    return sql.SQL(" ORDER BY ") + sql.SQL(", ").join(parts) if parts else sql.SQL("")


def _count(value: str | None, name: str) -> int | None:
    if value is None:
        return None
    if not value.isdigit():
        raise BadRequest(f'"failed to parse {name} ({value})"')
    return int(value)


def _prefers(request: Request, value: str) -> bool:
    return value in {p.strip() for p in request.headers.get("prefer", "").split(",")}


class RestApi:
    def __init__(self, db: Database, keys: Keys) -> None:
        self.db, self.keys = db, keys

    def routes(self) -> list[Route]:
        return [
            Route("/rest/v1/", self.root, methods=["GET"]),
            Route("/rest/v1/{table}", self.table, methods=["GET", "POST", "DELETE", "PATCH"]),
        ]

    async def root(self, request: Request) -> Response:
        caller = caller_of(request, self.keys)
        if isinstance(caller, Response):
            return caller
        if caller.key_kind == "publishable":
            # Newer projects give the OpenAPI document to secret keys only.
            return JSONResponse({"message": "Access to the schema requires a secret API key"}, 403)
        host = request.headers.get("host", "")
        try:
            doc = await self.db.as_caller(caller, request, lambda conn: openapi_document(conn, host))
        except psycopg.Error as exc:
            return database_error(exc, caller)
        return JSONResponse(doc, media_type="application/openapi+json")

    async def table(self, request: Request) -> Response:
        caller = caller_of(request, self.keys)
        if isinstance(caller, Response):
            return caller
        handler = {"GET": self._select, "POST": self._insert, "DELETE": self._delete}.get(request.method)
        if handler is None:
            return error(405, f"{request.method} is not supported by the demo's data API", "PGRST117")
        table = request.path_params["table"]
        try:
            return await handler(request, caller, table)
        except BadRequest as exc:
            return error(400, str(exc), "PGRST100")
        except psycopg.Error as exc:
            return database_error(exc, caller)

    async def _run(
        self,
        request: Request,
        caller: Caller,
        table: str,
        statement: sql.Composed,
        params: list[Any],
        rowcount: bool = False,
    ) -> str | Response:
        """The statement's single text value (or its row count), or the 404 for a table this role
        cannot see."""

        async def work(conn: psycopg.AsyncConnection[Any]) -> str | None:
            if await (await conn.execute(_TABLE_EXISTS, (table,))).fetchone() is None:
                return None
            cursor = await conn.execute(statement, params)
            if rowcount:
                return str(cursor.rowcount)
            row = await cursor.fetchone()
            return str(row[0]) if row and row[0] is not None else ""

        result = await self.db.as_caller(caller, request, work)
        if result is None:
            return error(404, f"Could not find the table 'public.{table}' in the schema cache", "PGRST205")
        return result

    async def _select(self, request: Request, caller: Caller, table: str) -> Response:
        query = request.query_params
        where, params = where_clause(request)
        limit, offset = _count(query.get("limit"), "limit"), _count(query.get("offset"), "offset") or 0
        statement = sql.SQL("SELECT coalesce(json_agg(t), '[]')::text FROM (SELECT {} FROM {}{}{}{}) t").format(
            _columns(query.get("select", "*")),
            sql.Identifier("public", table),
            where or sql.SQL(""),
            _order(query.get("order", "")),
            sql.SQL(" LIMIT {} OFFSET {}").format(sql.Literal(limit), sql.Literal(offset)),
        )
        result = await self._run(request, caller, table, statement, params)
        if isinstance(result, Response):
            return result
        count = len(json.loads(result))
        span = f"{offset}-{offset + count - 1}/*" if count else "*/*"
        return Response(result, 200, media_type=JSON_TYPE, headers={"Content-Range": span})

    async def _insert(self, request: Request, caller: Caller, table: str) -> Response:
        try:
            body = json.loads(await request.body() or b"null")
        except json.JSONDecodeError as exc:
            return error(400, f"Empty or invalid json: {exc.msg}", "PGRST102")
        rows = [body] if isinstance(body, dict) else body
        if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
            return error(400, "Empty or invalid json", "PGRST102")
        names = list(dict.fromkeys(name for row in rows for name in row))
        target = sql.Identifier("public", table)
        params: list[Any] = []
        if names:
            columns = sql.SQL(", ").join(sql.Identifier(n) for n in names)
            insert = sql.SQL("INSERT INTO {} ({}) SELECT {} FROM json_populate_recordset(NULL::{}, %s::json)").format(
                target, columns, columns, target
            )
            params.append(json.dumps(rows))
        else:
            insert = sql.SQL("INSERT INTO {} DEFAULT VALUES").format(target)
        return await self._write(request, caller, table, insert, params, 201)

    async def _delete(self, request: Request, caller: Caller, table: str) -> Response:
        where, params = where_clause(request)
        if where is None:
            return error(400, "DELETE requires a WHERE clause", "21000")
        statement = sql.SQL("DELETE FROM {}{}").format(sql.Identifier("public", table), where)
        return await self._write(request, caller, table, statement, params, 204)

    async def _write(
        self, request: Request, caller: Caller, table: str, statement: sql.Composed, params: list[Any], status: int
    ) -> Response:
        # RETURNING runs the table's SELECT policies too, as in PostgREST: a caller that may write
        # but not read a row gets an error for return=representation, never the row.
        represent = _prefers(request, "return=representation")
        if represent:
            wrapped = sql.SQL("WITH w AS ({} RETURNING *) SELECT coalesce(json_agg(w), '[]')::text FROM w")
            result = await self._run(request, caller, table, wrapped.format(statement), params)
        else:
            result = await self._run(request, caller, table, statement, params, rowcount=True)
        if isinstance(result, Response):
            return result
        if represent:
            return Response(result, 200 if status == 204 else status, media_type=JSON_TYPE)
        return Response(status_code=status, headers={"Content-Range": f"*/{result}"})
