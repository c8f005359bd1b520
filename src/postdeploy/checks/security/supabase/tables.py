"""The tables a Supabase project exposes, from PostgREST's OpenAPI document (columns, types, required
fields, keys) or, when the project refuses the document, from the profile and the site's code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    name: str
    format: str = ""  # PostgreSQL's type name, as PostgREST reports it (uuid, text, bigint…)
    required: bool = False  # NOT NULL without a default: an insert must give it
    primary_key: bool = False
    foreign_key: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...] = ()  # empty when the table came from a list, not the document
    source: str = "openapi"  # openapi | profile | code


def tables_from_openapi(document: Any) -> dict[str, Table]:
    """Every table or view the document defines (PostgREST 2.0 `definitions`); {} for anything else."""
    definitions = document.get("definitions") if isinstance(document, dict) else None
    if not isinstance(definitions, dict):
        return {}
    tables: dict[str, Table] = {}
    for name, definition in definitions.items():
        if not isinstance(definition, dict) or not isinstance(definition.get("properties"), dict):
            continue
        required = set(definition.get("required") or [])
        columns = []
        for column, prop in definition["properties"].items():
            prop = prop if isinstance(prop, dict) else {}
            note = str(prop.get("description") or "")
            columns.append(
                Column(column, str(prop.get("format") or ""), column in required, "<pk/>" in note, "<fk " in note)
            )
        tables[str(name)] = Table(str(name), tuple(columns))
    return tables


def merge_tables(documented: dict[str, Table], listed: Iterable[str], source: str) -> dict[str, Table]:
    """The documented tables plus the listed ones the document lacks (known by name only)."""
    merged = dict(documented)
    for name in listed:
        merged.setdefault(name, Table(name, source=source))
    return merged
