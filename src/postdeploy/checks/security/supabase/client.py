"""The few calls the audit makes to a Supabase project, with the headers supabase-js sends:
`apikey` always, `Authorization: Bearer` with the user's access token or else the key itself."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

import httpx


class SupabaseApi:
    def __init__(self, client: httpx.Client, key: str) -> None:
        self.client, self.key = client, key

    def _headers(self, token: str | None = None, **extra: str) -> dict[str, str]:
        return {"apikey": self.key, "Authorization": f"Bearer {token or self.key}", **extra}

    def openapi(self) -> httpx.Response:
        return self.client.get("/rest/v1/", headers=self._headers(Accept="application/openapi+json"))

    def read(
        self, table: str, params: Mapping[str, str] | None = None, token: str | None = None, limit: int = 1
    ) -> httpx.Response:
        query = {"select": "*", "limit": str(limit), **(params or {})}
        return self.client.get(f"/rest/v1/{quote(table)}", params=query, headers=self._headers(token))

    def sign_in(self, email: str, password: str) -> httpx.Response:
        return self.client.post(
            "/auth/v1/token", params={"grant_type": "password"}, json={"email": email, "password": password},
            headers=self._headers(),
        )  # fmt: skip

    def list_bucket(self, bucket: str) -> httpx.Response:
        body = {"prefix": "", "limit": 100, "offset": 0, "sortBy": {"column": "name", "order": "asc"}}
        return self.client.post(f"/storage/v1/object/list/{quote(bucket)}", json=body, headers=self._headers())

    def insert(self, table: str, row: Mapping[str, object]) -> httpx.Response:
        # return=minimal: asking for the row back would need read rights too, and a table that
        # takes anonymous inserts without letting anon read them would then look safe.
        return self.client.post(
            f"/rest/v1/{quote(table)}", json=dict(row), headers=self._headers(Prefer="return=minimal")
        )

    def delete(self, table: str, filters: Mapping[str, str]) -> httpx.Response:
        # return=representation: the rows deleted come back, so "0 rows" is told from "deleted".
        return self.client.delete(
            f"/rest/v1/{quote(table)}", params=dict(filters), headers=self._headers(Prefer="return=representation")
        )
