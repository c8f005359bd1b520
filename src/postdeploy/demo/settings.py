"""Everything one run of the demo needs to know: origins, faults, secrets (test values), database."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

from postdeploy.demo.switches import ActiveFaults

VERSION = "demo-1.0.0"
OLD_VERSION = "demo-0.9.0"

# Documented test values (README, .env.example): a local demo account and test-mode keys, not secrets.
TEST_EMAIL = "pilot@skymarket.test"
TEST_PASSWORD = "demo-pilot-pass"
DEFAULT_WEBHOOK_SECRET = "whsec_demo_local_test_secret"
DEFAULT_PUBLISHABLE_KEY = "pk_test_demo_51SkyMarketLocal"
# What the demo plays when it plays production: a live-shaped key that is no key at all (built
# here, so no secret scanner mistakes the source for a leak).
FAKE_LIVE_PUBLISHABLE_KEY = "pk_" + "live_" + "demo51SkyMarketNotARealKey"
# The env var the protection wall reads its secret from: Vercel's own name for the automation bypass.
PROTECTION_SECRET_ENV = "VERCEL_AUTOMATION_BYPASS_SECRET"
ENVIRONMENTS = ("local", "preview", "production")


@dataclass
class DemoSettings:
    main_origin: str
    checkout_origin: str
    db_path: str
    faults: ActiveFaults = field(default_factory=ActiveFaults)
    https: bool = False
    ca_file: str | None = None
    # The data API's origin and anon key, embedded in every page as a Supabase app embeds them.
    supabase_url: str | None = None
    supabase_anon_key: str | None = None
    webhook_secret: str = field(
        default_factory=lambda: os.environ.get("DEMO_STRIPE_WEBHOOK_SECRET") or DEFAULT_WEBHOOK_SECRET
    )
    publishable_key: str = field(
        default_factory=lambda: os.environ.get("DEMO_STRIPE_PUBLISHABLE_KEY") or DEFAULT_PUBLISHABLE_KEY
    )
    # Signs session cookies; fresh per start, so a restart logs everyone out (like a fresh deploy).
    session_secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    # Which deployment the demo plays: a preview is noindex (as Vercel makes previews), production
    # embeds a live-mode publishable key. Some faults break exactly these invariants.
    environment: str = "local"
    # The secret of a Vercel-style protection wall in front of the main origin; None: no wall.
    protect_secret: str | None = None
    # Added to every answer (benches: a target as far away as a CDN edge in another region).
    latency_s: float = 0.0

    def __post_init__(self) -> None:
        live = self.environment == "production" and not self.faults.on("production-test-key")
        if live or self.faults.on("preview-live-key"):
            self.publishable_key = FAKE_LIVE_PUBLISHABLE_KEY

    @property
    def noindex(self) -> bool:
        """Whether pages carry a robots meta noindex: every preview page (unless a fault forgets it),
        and production's with the leftover-meta-tag fault."""
        return self.noindex_header or self.faults.on("production-noindex")

    @property
    def noindex_header(self) -> bool:
        """Whether every answer carries X-Robots-Tag: noindex, as Vercel adds to preview deployments."""
        return self.environment == "preview" and not self.faults.on("preview-indexable")
