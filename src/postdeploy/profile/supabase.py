"""Profile section of the Supabase exposure audit: where the project is, which of its tables and
buckets are meant to be public, and how to tell whose a row is."""

from __future__ import annotations

from pydantic import Field, field_validator

from postdeploy.profile.smoke import Strict

# Columns that usually hold the id of the user a row belongs to (a profile can name its own).
OWNER_COLUMNS = (
    "user_id", "owner_id", "owner", "profile_id", "created_by", "author_id", "account_id", "member_id",
    "customer_id", "consumer_id", "buyer_id", "sender_id", "receiver_id", "recipient_id",
)  # fmt: skip


class SupabaseSettings(Strict):
    # Off: no Supabase audit at all. On (default), the audit runs when it finds a project.
    enabled: bool = True
    # The site uses Supabase: finding no project on the pages fails the audit instead of skipping it.
    required: bool = False
    # The project URL (https://<ref>.supabase.co or a custom domain); empty: found on the pages.
    url: str | None = None
    # Env var holding the anon or publishable key (never the key itself); unset or empty: the key
    # the pages embed is used. Never a service-role or secret key.
    anon_key_env: str = "NEXT_PUBLIC_SUPABASE_ANON_KEY"
    # Tables anyone may read (listings, public profiles…): rows from any other table are a finding.
    public_tables: list[str] = Field(default_factory=list)
    # Tables to audit besides those the OpenAPI document lists; the only list when the project
    # refuses the document to the anon key (publishable keys, hosted projects since 2026).
    tables: list[str] = Field(default_factory=list)
    # Storage buckets that must not list their objects to anonymous visitors.
    private_buckets: list[str] = Field(default_factory=list)
    # Per table, the columns holding the owning user's id; tables not named here use the usual
    # names (user_id, owner_id, sender_id…) when they have them.
    owner_columns: dict[str, list[str]] = Field(default_factory=dict)
    # Another user's id, to recognise their rows in tables without an owner column; empty: taken
    # from a row the test user can read but cannot own (e.g. a provider's user_id).
    second_user_id: str | None = None
    # Sign the e2e test user in with Supabase Auth's password grant for the cross-user check; off
    # when the site authenticates elsewhere (Clerk, Auth0…).
    password_sign_in: bool = True
    # Same-origin scripts read (besides the pages) when looking for the project URL and key.
    max_scripts: int = Field(default=20, ge=0, le=200)

    @field_validator("url")
    @classmethod
    def _absolute_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError(f"{value!r} is not an absolute http(s) URL")
        return value.rstrip("/") if value else value

    def owners_of(self, table: str, columns: list[str]) -> list[str]:
        """The columns of `table` that name its owner: the profile's, else the usual names it has."""
        if table in self.owner_columns:
            return list(self.owner_columns[table])
        return [column for column in columns if column in OWNER_COLUMNS]
