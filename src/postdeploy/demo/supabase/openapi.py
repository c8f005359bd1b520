"""PostgREST's OpenAPI (Swagger 2.0) document, built from the catalogue as the caller's role sees it:
the tables it holds privileges on, their columns, types, required fields, primary and foreign keys."""

from __future__ import annotations

from typing import Any

import psycopg

# Run as the caller's role: has_table_privilege() follows its grants, as PostgREST's default
# `openapi-mode = follow-privileges` does.
CATALOGUE = """
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), t.typname, t.typcategory,
       a.attnotnull AND NOT (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> ''),
       EXISTS (SELECT 1 FROM pg_constraint p
               WHERE p.conrelid = c.oid AND p.contype = 'p' AND a.attnum = ANY (p.conkey)),
       (SELECT f.relname || '.' || fa.attname
          FROM pg_constraint k
          JOIN pg_class f ON f.oid = k.confrelid
          JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = k.confkey[1]
         WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.conkey[1] = a.attnum LIMIT 1)
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
   AND has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE')
 ORDER BY c.relname, a.attnum
"""


def _swagger_type(typname: str, category: str) -> dict[str, Any]:
    if category == "A":
        return {"type": "array", "items": {"type": "string"}}
    if typname in ("int2", "int4", "int8"):
        return {"type": "integer"}
    if category == "N":
        return {"type": "number"}
    if category == "B":
        return {"type": "boolean"}
    if typname in ("json", "jsonb"):
        return {}
    return {"type": "string"}


def _description(is_pk: bool, fk: str | None) -> str | None:
    notes = []
    if is_pk:
        notes.append("This is a Primary Key.<pk/>")
    if fk:
        table, _, column = fk.partition(".")
        notes.append(f"This is a Foreign Key to `{fk}`.<fk table='{table}' column='{column}'/>")
    return "Note:\n" + " ".join(notes) if notes else None


def build_document(rows: list[tuple[Any, ...]], host: str) -> dict[str, Any]:
    definitions: dict[str, dict[str, Any]] = {}
    for table, column, type_name, typname, category, required, is_pk, fk in rows:
        definition = definitions.setdefault(table, {"required": [], "properties": {}, "type": "object"})
        prop = {"format": type_name, **_swagger_type(typname, category)}
        if description := _description(is_pk, fk):
            prop["description"] = description
        definition["properties"][column] = prop
        if required:
            definition["required"].append(column)
    paths: dict[str, Any] = {"/": {"get": {"tags": ["Introspection"], "summary": "OpenAPI description"}}}
    for table in definitions:
        ref = {"$ref": f"#/definitions/{table}"}
        paths[f"/{table}"] = {
            "get": {"tags": [table], "responses": {"200": {"schema": {"items": ref, "type": "array"}}}},
            "post": {"tags": [table], "responses": {"201": {"description": "Created"}}},
            "delete": {"tags": [table], "responses": {"204": {"description": "No Content"}}},
        }
    return {
        "swagger": "2.0",
        "info": {"title": "standard public schema", "description": "", "version": "12.2.3"},
        "host": host,
        "basePath": "/rest/v1",
        "schemes": ["http", "https"],
        "consumes": ["application/json"],
        "produces": ["application/json", "application/openapi+json"],
        "paths": paths,
        "definitions": definitions,
    }


async def openapi_document(conn: psycopg.AsyncConnection[Any], host: str) -> dict[str, Any]:
    rows = await (await conn.execute(CATALOGUE)).fetchall()
    return build_document(list(rows), host)
