"""The anonymous write probe: a row built from the table's columns, marked so it can be found and
deleted, and the verdict on how the project answered the insert (and the clean-up)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from postdeploy.checks.security.supabase.checks import error_code, rows_of
from postdeploy.checks.security.supabase.tables import Table
from postdeploy.findings import Finding, Severity

_TEXT = ("text", "character varying", "varchar", "citext", "character")
_SAMPLES: dict[str, Any] = {
    "smallint": 1, "integer": 1, "bigint": 1, "numeric": 1, "real": 1, "double precision": 1,
    "boolean": False, "date": "2030-01-01", "timestamp with time zone": "2030-01-01T00:00:00Z",
    "timestamp without time zone": "2030-01-01T00:00:00", "time without time zone": "12:00:00",
    "json": {}, "jsonb": {},
}  # fmt: skip


@dataclass(frozen=True)
class ProbeRow:
    row: dict[str, Any]
    # The filter that finds this row again (PostgREST syntax), or None when nothing identifies it.
    match: dict[str, str] | None = field(default=None)


def _sample(column_format: str) -> Any:
    base = column_format.split("(")[0].strip()
    if base.endswith("[]"):
        return []
    if base == "uuid":
        return str(uuid.uuid4())
    if base.startswith(_TEXT):
        return "postdeploy probe"
    return _SAMPLES.get(base)


def probe_row(table: Table, marker: str) -> ProbeRow:
    """Required columns filled by type, the first text column carrying `marker`."""
    row: dict[str, Any] = {}
    match: dict[str, str] | None = None
    marker_column = next((c for c in table.columns if c.format.startswith(_TEXT)), None)
    for column in table.columns:
        if column is marker_column:
            row[column.name], match = marker, {column.name: f"eq.{marker}"}
        elif column.required and (value := _sample(column.format)) is not None:
            row[column.name] = value
    if match is None:  # no text column: a uuid we made up is just as unique
        for name, value in row.items():
            column = next(c for c in table.columns if c.name == name)
            if column.format == "uuid":
                match = {name: f"eq.{value}"}
                break
    return ProbeRow(row, match)


def insert_refused(response: httpx.Response) -> bool:
    """401/403 (row-level security or no grant: SQLSTATE 42501) is the answer a guarded table gives."""
    return response.status_code in (401, 403)


def check_anonymous_insert(
    table: str, insert: httpx.Response, probe: ProbeRow, cleanup: httpx.Response | None
) -> list[Finding]:
    """An anonymous insert into a non-public table must be refused by row-level security.

    A constraint error (SQLSTATE class 23) also counts as let through: PostgreSQL checks the
    policies' WITH CHECK before NOT NULL, CHECK and foreign keys, so the policy said yes.
    """
    code = error_code(insert)
    if insert_refused(insert):
        return []
    evidence: dict[str, Any] = {"table": table, "status": insert.status_code, "code": code,
                                "columns_sent": sorted(probe.row)}  # fmt: skip
    if 200 <= insert.status_code < 300:
        cleaned = cleanup is not None and bool(rows_of(cleanup))
        evidence["probe_row_deleted"] = cleaned
        if cleaned:
            after = "the probe row was deleted again"
        elif probe.match is None:
            after = "the probe row could not be deleted (no column identifies it): remove it by hand"
        else:
            if cleanup is None:
                how = "not attempted"
            elif 200 <= cleanup.status_code < 300:
                how = f"HTTP {cleanup.status_code}, no row deleted: the public key may insert but not delete"
            else:
                how = f"HTTP {cleanup.status_code} {error_code(cleanup)}".rstrip()
            where = " and ".join(f"{column} = '{value.removeprefix('eq.')}'" for column, value in probe.match.items())
            after = f"deleting the probe row failed ({how}): remove the row where {where} by hand"
        return [Finding("supabase.anon-insert", Severity.CRITICAL,
                        f"anyone with the public key inserts rows into {table}; {after}", evidence,
                        subject=table)]  # fmt: skip
    if code.startswith("23"):
        return [Finding("supabase.anon-insert", Severity.HIGH,
                        f"row-level security let an anonymous insert into {table} through; only a constraint "
                        f"({code}) stopped the probe row, so a well-formed row would be written", evidence,
                        subject=table)]  # fmt: skip
    return [Finding("supabase.insert-inconclusive", Severity.INFO,
                    f"the probe insert into {table} failed for another reason (HTTP {insert.status_code} {code}): "
                    "no verdict either way", evidence, subject=table)]  # fmt: skip
