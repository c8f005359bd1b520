"""Profile section [access]: how the suite gets through a wall in front of the target (basic or bearer
auth, Vercel's Deployment Protection, any named header). Only env var NAMES live here, never values."""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from postdeploy.profile.smoke import Strict

_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")  # RFC 9110 field-name
# Headers the HTTP stack owns: setting them from a profile would break requests, not open a wall.
_RESERVED = frozenset({"host", "content-length", "transfer-encoding", "connection", "cookie", "user-agent"})


class AccessSettings(Strict):
    # Env var holding a whole Authorization header value: "Basic …" or "Bearer …".
    authorization_env: str = "POSTDEPLOY_AUTH_HEADER"
    # Env var holding Vercel's "Protection Bypass for Automation" secret (Vercel's own variable name
    # by default); sent as x-vercel-protection-bypass, and browsers get Vercel's bypass cookie.
    vercel_bypass_env: str = "VERCEL_AUTOMATION_BYPASS_SECRET"
    # Any other header the wall wants: header name → name of the env var holding its value.
    headers: dict[str, str] = Field(default_factory=dict)
    # The smoke and security layers send the GETs their selected checks will make this many at a
    # time before the first check, and each check gets the answer to its own identical request (0:
    # one at a time, as each check runs). Each answer is served once; any other request goes out.
    prefetch_concurrency: int = Field(default=8, ge=0, le=64)

    @field_validator("headers")
    @classmethod
    def _header_names(cls, value: dict[str, str]) -> dict[str, str]:
        for name, env_name in value.items():
            if not _TOKEN.match(name) or name.lower() in _RESERVED:
                raise ValueError(f"{name!r} is not a header the profile can set")
            if not env_name.strip():
                raise ValueError(f"header {name!r} names no env var")
        return value
