"""Target profiles: what a user tells the suite about their site, loaded from TOML and merged with env.

Precedence, highest first: CLI options > environment > `.env` > profile file > built-in defaults.
Secrets never live in a profile: it only names the environment variables that hold them.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from dotenv import dotenv_values
from pydantic import Field, ValidationError

from postdeploy.profile.access import AccessSettings
from postdeploy.profile.e2e import E2ESettings
from postdeploy.profile.load import LoadSettings
from postdeploy.profile.perf import PerfSettings
from postdeploy.profile.security import AcceptedFinding, SecuritySettings
from postdeploy.profile.smoke import (
    CachingSettings,
    HealthSettings,
    PageSpec,
    RedirectSpec,
    RewriteSpec,
    SitemapSettings,
    Strict,
    TlsSettings,
)
from postdeploy.profile.supabase import SupabaseSettings

__all__ = [
    "AcceptedFinding",
    "AccessSettings",
    "CachingSettings",
    "E2ESettings",
    "Environment",
    "HealthSettings",
    "LoadSettings",
    "PageSpec",
    "PerfSettings",
    "ProfileError",
    "RedirectSpec",
    "RewriteSpec",
    "SecuritySettings",
    "SitemapSettings",
    "SupabaseSettings",
    "TargetProfile",
    "TlsSettings",
    "generic_profile",
    "load_profile",
]

Environment = Literal["production", "staging", "preview", "local"]
ENV_PREFIX = "POSTDEPLOY__"


class ProfileError(Exception):
    """A profile that cannot be used; the message is one line naming the file, field and problem."""


class TargetProfile(Strict):
    name: str = "generic"
    environment: Environment = "production"  # the safe default: no destructive tests unless opted in
    # Per-request timeout of the suite's HTTP client; a target slower than this fails with one line.
    http_timeout_s: float = Field(default=10.0, gt=0, le=300)
    # How to get through a wall in front of the target (auth headers, Vercel's protection bypass).
    access: AccessSettings = Field(default_factory=AccessSettings)
    health: HealthSettings = Field(default_factory=HealthSettings)
    pages: list[PageSpec] = Field(default_factory=lambda: [PageSpec(path="/")])
    redirects: list[RedirectSpec] = Field(default_factory=list)
    rewrites: list[RewriteSpec] = Field(default_factory=list)
    tls: TlsSettings = Field(default_factory=TlsSettings)
    caching: CachingSettings = Field(default_factory=CachingSettings)
    sitemap: SitemapSettings = Field(default_factory=SitemapSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    e2e: E2ESettings = Field(default_factory=E2ESettings)
    perf: PerfSettings = Field(default_factory=PerfSettings)
    load: LoadSettings = Field(default_factory=LoadSettings)
    supabase: SupabaseSettings = Field(default_factory=SupabaseSettings)
    # Where the profile came from, for messages and the report; not user-settable.
    source: str = Field(default="<built-in generic profile>", exclude=True)

    @property
    def declared_environment(self) -> Environment | None:
        """The environment the profile (or POSTDEPLOY_ENVIRONMENT) states; None when it is only the
        built-in default, which is production for safety but must not judge a site as one."""
        return self.environment if "environment" in self.model_fields_set else None

    def expected_version(self, env: Mapping[str, str]) -> str | None:
        """The version that should be live: the env var named by the profile wins over a literal."""
        return env.get(self.health.expected_version_env) or self.health.expected_version


def generic_profile() -> TargetProfile:
    """Checks any site sensibly with no configuration: home page, a health endpoint if present,
    baseline security headers."""
    return TargetProfile(health=HealthSettings(required=False))


def _format_error(source: str, error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "<root>"
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown key"
        parts.append(f"{where}: {message}")
    return f"profile {source}: " + "; ".join(parts)


def _env_overrides(env: Mapping[str, str]) -> dict[str, Any]:
    """`POSTDEPLOY__SECTION__FIELD=value` sets profile.section.field; values parse as JSON if they can."""
    overrides: dict[str, Any] = {}
    if "POSTDEPLOY_ENVIRONMENT" in env:
        overrides["environment"] = env["POSTDEPLOY_ENVIRONMENT"]
    for key, raw in env.items():
        if not key.startswith(ENV_PREFIX):
            continue
        path = [p.lower() for p in key[len(ENV_PREFIX) :].split("__") if p]
        try:
            value: Any = json.loads(raw)
        except ValueError:
            value = raw
        node = overrides
        for part in path[:-1]:
            node = node.setdefault(part, {})
        if path:
            node[path[-1]] = value
    return overrides


def _deep_merge(base: dict[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def merged_environment(dotenv_path: Path | None = None, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The process environment over `.env` (the real environment wins, as python-dotenv does)."""
    values: dict[str, str] = {}
    path = dotenv_path if dotenv_path is not None else Path(".env")
    if path.is_file():
        values.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    values.update(os.environ if env is None else env)
    return values


def load_profile(
    path: str | Path | None,
    env: Mapping[str, str] | None = None,
    cli_overrides: Mapping[str, Any] | None = None,
) -> TargetProfile:
    """Load a profile (or the generic one when `path` is None) and apply env and CLI overrides.

    Raises ProfileError with one line naming the field and the problem.
    """
    env = merged_environment() if env is None else env
    data: dict[str, Any] = {}
    source = "<built-in generic profile>"
    if path is not None:
        source = str(path)
        file = Path(path)
        if not file.is_file():
            raise ProfileError(f"profile {source}: file not found")
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise ProfileError(f"profile {source}: not UTF-8 text") from None
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError(f"profile {source}: not valid TOML: {exc}") from None
        if not data:
            raise ProfileError(f"profile {source}: the file is empty")
    else:
        data = {"health": {"required": False}}
    data = _deep_merge(data, _env_overrides(env))
    data = _deep_merge(data, dict(cli_overrides or {}))
    try:
        profile = TargetProfile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(_format_error(source, exc)) from None
    return profile.model_copy(update={"source": source})
