"""The suite's layers, in the order a run goes through them: one definition for every part."""

from __future__ import annotations

# Layers run by pytest: each is a folder of the shipped checks and the marker that selects it.
PYTEST_LAYERS = ("smoke", "security", "e2e", "perf")
# Every layer, the Locust run included.
LAYERS = (*PYTEST_LAYERS, "load")
# Layers that start Chromium.
BROWSER_LAYERS = frozenset({"e2e", "perf"})
MARKERS = {
    "smoke": "post-deploy verdict: health, version, pages, redirects, TLS, caching",
    "security": "headers, CSP, cookies, CORS, exposure, auth guards, webhooks, rate limits",
    "e2e": "Playwright critical flows in a real Chromium",
    "perf": "Lighthouse runs checked against budgets",
    "destructive": "writes data on the target; skipped on production without --allow-destructive",
}
