"""Profile sections the smoke layer reads: health, pages, redirects, rewrites, TLS, caching, sitemap."""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Health values are compared as lower-case text: a JSON `true` is "true", so `{"ok": true}` needs no
# special case. Services share the lists: "pass"/"up" are as good for a check as for the whole.
HealthValue = str | bool | int
OK_VALUES: tuple[HealthValue, ...] = ("ok", "healthy", "pass", "passing", "up", True)
DEGRADED_VALUES: tuple[HealthValue, ...] = ("degraded", "warn", "warning")


class Strict(BaseModel):
    """Base for every profile section: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def a_regex(value: str) -> str:
    """A profile value that must be a regular expression; a bad one is one line at load."""
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a regular expression: {exc}") from None
    return value


class HealthSettings(Strict):
    path: str = "/api/health"
    # Services the health endpoint must report as up; empty means "whatever it reports".
    required_services: list[str] = Field(default_factory=list)
    # Name of the env var holding the version that was just deployed (e.g. a commit SHA).
    expected_version_env: str = "POSTDEPLOY_EXPECTED_VERSION"
    # A literal expected version, for profiles pinned to a release; the env var wins when set.
    expected_version: str | None = None
    # False for sites without a health endpoint: the generic profile probes it but tolerates 404.
    required: bool = True
    # `degraded` fails by default: a deploy that came up half-working is not a good deploy.
    allow_degraded: bool = False
    max_response_ms: int = Field(default=2000, gt=0)
    # Where the answer keeps what the checks read (dotted paths into the JSON: "build.sha", "checks").
    # status_field "" judges by the HTTP status alone (an endpoint that answers 200 or 503, no body).
    status_field: str = "status"
    ok_values: list[HealthValue] = Field(default_factory=lambda: list(OK_VALUES))
    # Anything neither ok nor degraded (down, fail, unhealthy, false, an unknown word) is down.
    degraded_values: list[HealthValue] = Field(default_factory=lambda: list(DEGRADED_VALUES))
    # A missing version is fine unless an expected version is given (expected_version[_env]).
    version_field: str = "version"
    # Services: a mapping name → state (a word, or an object with state_key), or a list of objects
    # with name_key and state_key (`checks: [{"name": "db", "state": "pass"}]`); "" when none.
    services_field: str = "services"
    service_name_key: str = "name"
    service_state_key: str = "status"

    def is_ok(self, value: object) -> bool:
        return _word(value) in {_word(v) for v in self.ok_values}

    def is_degraded(self, value: object) -> bool:
        return _word(value) in {_word(v) for v in self.degraded_values}


def _word(value: object) -> str:
    return str(value).lower() if not isinstance(value, bool) else ("true" if value else "false")


class PageSpec(Strict):
    path: str
    status: int = Field(default=200, ge=100, le=599)
    text: list[str] = Field(default_factory=list)
    # Dotted paths into the JSON body that must exist: "version", "services.database.status", "0.id".
    json_fields: list[str] = Field(default_factory=list)
    content_type: str | None = None
    max_response_ms: int = Field(default=2000, gt=0)


class RedirectSpec(Strict):
    source: str
    destination: str
    permanent: bool = True
    # An exact status when the class is not enough (e.g. 308 and never 301).
    status: int | None = Field(default=None, ge=300, le=399)


class RewriteSpec(Strict):
    source: str
    destination: str


class TlsSettings(Strict):
    warn_days: int = Field(default=30, ge=0)
    fail_days: int = Field(default=7, ge=0)
    # Env var naming a CA bundle (PEM) to trust instead of the system store (private CAs, the demo).
    ca_bundle_env: str = "POSTDEPLOY_CA_BUNDLE"
    # Plain-HTTP URL that must redirect to the HTTPS target; default: http://<host>/ on port 80.
    # Set to "" to skip (e.g. a host with no port-80 listener by design).
    http_url: str | None = None

    def ca_bundle(self, env: Mapping[str, str]) -> str | None:
        """The CA bundle (PEM path) that `ca_bundle_env` names in `env`; None: the system trust store."""
        return env.get(self.ca_bundle_env) or None


class CachingSettings(Strict):
    static_paths: list[str] = Field(default_factory=list)
    api_paths: list[str] = Field(default_factory=list)
    html_paths: list[str] = Field(default_factory=lambda: ["/"])
    min_static_max_age: int = Field(default=31536000, ge=0)
    # With no static_paths, the scripts and stylesheets that html_paths load are checked instead,
    # those whose path matches this pattern (a content hash in the name: main-3f2a9c1b.js,
    # /_next/static/css/8f3e1c2a9b7d6e5f.css), at most max_discovered_static of them.
    discover_static: bool = True
    fingerprint_pattern: str = r"(?:^|[/.-])(?=[A-Za-z_-]*[0-9])[A-Za-z0-9_-]{8,}\.(?:m?js|css|woff2?)$"
    max_discovered_static: int = Field(default=5, ge=1, le=50)

    @field_validator("fingerprint_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return a_regex(value)
    # Bodies smaller than this may go uncompressed (nginx, CDNs and Starlette all skip tiny bodies).
    min_compress_bytes: int = Field(default=1024, ge=0)


class SitemapSettings(Strict):
    enabled: bool = False
    path: str = "/sitemap.xml"
    max_urls: int = Field(default=500, gt=0)
    concurrency: int = Field(default=8, gt=0, le=64)
    timeout_s: float = Field(default=10.0, gt=0)
