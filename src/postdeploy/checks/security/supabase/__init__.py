"""The Supabase exposure audit: what the public key and the test user can read, list and write in a
site's Supabase project, judged against the profile's [supabase] section."""

from __future__ import annotations

from postdeploy.checks.security.supabase.checks import (
    check_anonymous_read,
    check_bucket_listing,
    check_cross_user_read,
    error_code,
    other_user_ids,
    row_values,
    rows_of,
)
from postdeploy.checks.security.supabase.client import SupabaseApi
from postdeploy.checks.security.supabase.discover import Discovery, discover, jwt_claims, key_kind
from postdeploy.checks.security.supabase.probe import ProbeRow, check_anonymous_insert, probe_row
from postdeploy.checks.security.supabase.tables import Column, Table, tables_from_openapi
from postdeploy.checks.security.supabase.target import Project, TargetError, audit_tables, locate, page_sources

__all__ = [
    "Column",
    "Discovery",
    "ProbeRow",
    "Project",
    "SupabaseApi",
    "Table",
    "TargetError",
    "audit_tables",
    "check_anonymous_insert",
    "check_anonymous_read",
    "check_bucket_listing",
    "check_cross_user_read",
    "discover",
    "error_code",
    "jwt_claims",
    "key_kind",
    "locate",
    "other_user_ids",
    "page_sources",
    "probe_row",
    "row_values",
    "rows_of",
    "tables_from_openapi",
]
