"""Profile sections the smoke layer reads: health, pages, redirects, rewrites, TLS, caching, sitemap."""

from __future__ import annotations

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
    max_response_ms: int = 2000


class PageSpec(Strict):
    path: str
    status: int = 200
    text: list[str] = Field(default_factory=list)
    json_fields: list[str] = Field(default_factory=list)
    content_type: str | None = None
    max_response_ms: int = 2000


class RedirectSpec(Strict):
    source: str
    destination: str
    permanent: bool = True


class RewriteSpec(Strict):
    source: str
    destination: str


class TlsSettings(Strict):
    warn_days: int = 30
    fail_days: int = 7


class CachingSettings(Strict):
    static_paths: list[str] = Field(default_factory=list)
    api_paths: list[str] = Field(default_factory=list)
    html_paths: list[str] = Field(default_factory=lambda: ["/"])
    min_static_max_age: int = 31536000


class SitemapSettings(Strict):
    enabled: bool = False
    path: str = "/sitemap.xml"
    max_urls: int = 500
    concurrency: int = 8
