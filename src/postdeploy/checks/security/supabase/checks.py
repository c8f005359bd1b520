"""The audit's verdicts, answers in and findings out: anonymous reads, rows of other users, private
buckets that list, anonymous inserts. Evidence names tables and columns; values are never shown."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import httpx

from postdeploy.findings import Finding, Severity
from postdeploy.redact import MASK

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


def rows_of(response: httpx.Response) -> list[dict[str, Any]]:
    """The rows a PostgREST answer carries: a JSON array of objects on 2xx, else none."""
    if not 200 <= response.status_code < 300:
        return []
    try:
        body = response.json()
    except ValueError:
        return []
    return [row for row in body if isinstance(row, dict)] if isinstance(body, list) else []


def error_code(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("code") or body.get("error_code") or "") if isinstance(body, dict) else ""


def masked(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row with every value replaced: the report shows which columns leak, never what they hold."""
    return {column: None if value is None else MASK for column, value in row.items()}


def row_values(rows: Iterable[Mapping[str, Any]], min_length: int = 6) -> list[str]:
    """String values worth registering with the redactor (short ones would mask common words)."""
    return [v for row in rows for v in row.values() if isinstance(v, str) and len(v) >= min_length]


def _read_problem(table: str, response: httpx.Response, who: str) -> list[Finding]:
    if response.status_code in (200, 206, 401, 403, 404):
        return []  # rows, or refused, or not there: all answers
    return [Finding("supabase.read-error", Severity.INFO,
                    f"{who} read of {table} answered HTTP {response.status_code} {error_code(response)}".rstrip(),
                    {"table": table, "status": response.status_code}, subject=table)]  # fmt: skip


def check_anonymous_read(table: str, response: httpx.Response, public: bool) -> list[Finding]:
    """Rows of a table the profile does not call public, read with nothing but the public key."""
    rows = rows_of(response)
    if not rows:
        return _read_problem(table, response, "the anonymous")
    if public:
        return []
    columns = list(rows[0])
    return [
        Finding(
            "supabase.anon-read",
            Severity.CRITICAL,
            f"anyone with the public key reads rows of {table} (columns: {', '.join(columns)}): "
            "row-level security is off on it or a policy lets anon read it",
            {"table": table, "status": response.status_code, "columns": columns, "row": masked(rows[0])},
            subject=table,
        )
    ]


def other_user_ids(rows: Iterable[Mapping[str, Any]], owner_columns: Sequence[str], me: str) -> list[str]:
    """Ids of users other than `me` that rows name in their owner columns (a provider's user_id…)."""
    found = {str(row[c]) for row in rows for c in owner_columns if isinstance(row.get(c), str) and _UUID.match(row[c])}
    return sorted(found - {me})


def foreign_rows(
    rows: Iterable[Mapping[str, Any]], me: str, owner_columns: Sequence[str], other_ids: Sequence[str]
) -> tuple[list[Mapping[str, Any]], str]:
    """Rows that belong to someone else, and how that was told.

    With owner columns: a row none of whose (non-empty) owner columns is `me`. Without: a row that
    holds another user's id somewhere and `me` nowhere.
    """
    foreign: list[Mapping[str, Any]] = []
    if owner_columns:
        for row in rows:
            owners = [row.get(c) for c in owner_columns if row.get(c) is not None]
            if owners and all(str(o) != me for o in owners):
                foreign.append(row)
        return foreign, f"owner column(s) {', '.join(owner_columns)}"
    others = set(other_ids)
    for row in rows:
        values = {str(v) for v in row.values() if v is not None}
        if values & others and me not in values:
            foreign.append(row)
    return foreign, "another user's id in the row"


def check_cross_user_read(
    table: str, response: httpx.Response, me: str, owner_columns: Sequence[str], other_ids: Sequence[str]
) -> list[Finding]:
    """The signed-in test user must not read rows that belong to another user."""
    rows = rows_of(response)
    if not rows:
        return _read_problem(table, response, "the signed-in")
    if not owner_columns and not other_ids:
        return [Finding("supabase.owner-unknown", Severity.INFO,
                        f"{table}: no owner column and no second user's id, so whose rows the test user reads "
                        "is unknown (name them in [supabase] owner_columns or second_user_id)",
                        {"table": table, "columns": list(rows[0])}, subject=table)]  # fmt: skip
    foreign, how = foreign_rows(rows, me, owner_columns, other_ids)
    if not foreign:
        return []
    return [
        Finding(
            "supabase.cross-user-read",
            Severity.CRITICAL,
            f"the signed-in test user reads {len(foreign)} row(s) of {table} that belong to another user "
            f"(told by {how}): a policy lets any signed-in user read them",
            {"table": table, "told_by": how, "columns": list(foreign[0]), "row": masked(foreign[0])},
            subject=table,
        )
    ]


def check_bucket_listing(bucket: str, response: httpx.Response) -> list[Finding]:
    """A private bucket must list nothing to an anonymous visitor (not found counts as refused)."""
    entries = rows_of(response)
    if not entries:
        return []
    return [
        Finding(
            "supabase.bucket-lists",
            Severity.HIGH,
            f"anyone with the public key lists the private bucket {bucket} ({len(entries)} object(s) named): "
            "a storage.objects policy lets anon select from it",
            {"bucket": bucket, "status": response.status_code, "objects_listed": len(entries)},
            subject=bucket,
        )
    ]
