"""Profile sections the smoke layer reads: health, pages, redirects, rewrites, TLS, caching, sitemap."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """Base for every profile section: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


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
    # Bodies smaller than this may go uncompressed (nginx, CDNs and Starlette all skip tiny bodies).
    min_compress_bytes: int = Field(default=1024, ge=0)


class SitemapSettings(Strict):
    enabled: bool = False
    path: str = "/sitemap.xml"
    max_urls: int = Field(default=500, gt=0)
    concurrency: int = Field(default=8, gt=0, le=64)
    timeout_s: float = Field(default=10.0, gt=0)
