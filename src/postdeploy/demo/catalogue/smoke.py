"""Smoke-layer faults and the smoke check that must catch each."""

from __future__ import annotations

from postdeploy.demo.catalogue.fault import Fault

FAULTS: list[Fault] = [
    Fault("health-503", "smoke", "the database reports down: /api/health is unhealthy with HTTP 503",
          "tests/smoke/test_health.py::test_health_status",
          # the database is down, so the services check names it too: same fault, second angle
          also=("tests/smoke/test_health.py::test_required_services",)),
    Fault("service-down", "smoke", "the email service reports down: overall status degraded (HTTP 200)",
          "tests/smoke/test_health.py::test_required_services"),
    Fault("wrong-version", "smoke", "the health endpoint reports demo-0.9.0 instead of the deployed demo-1.0.0",
          "tests/smoke/test_health.py::test_deployed_version"),
    Fault("page-500", "smoke", "/browse answers 500", "tests/smoke/test_pages.py::test_critical_page[/browse]"),
    Fault("slow-page", "smoke", "/browse takes ~1.5 s (its limit is 1000 ms)",
          "tests/smoke/test_pages.py::test_critical_page[/browse]"),
    Fault("missing-text", "smoke", "the home page renders without its expected text (no 'SkyMarket')",
          "tests/smoke/test_pages.py::test_critical_page[/]"),
    Fault("broken-redirect", "smoke", "/login redirects temporarily (302) instead of permanently (308)",
          "tests/smoke/test_redirects.py::test_redirect[/login]"),
    Fault("rewrite-broken", "smoke", "/health redirects (307) to /api/health instead of serving it",
          "tests/smoke/test_redirects.py::test_rewrite[/health]"),
    Fault("api-cache-public", "smoke", "/api/listings is sent with Cache-Control: public, max-age=600",
          "tests/smoke/test_caching.py::test_api_no_store[/api/listings]"),
    Fault("static-no-cache", "smoke", "static assets are sent with Cache-Control: no-cache",
          "tests/smoke/test_caching.py::test_static_cache[/static/app.css]"),
    Fault("no-compression", "smoke", "HTML is never compressed, even when the client accepts gzip",
          "tests/smoke/test_caching.py::test_html_compressed[/]"),
    Fault("sitemap-dead-link", "smoke", "sitemap.xml lists /services/retired-listing, which answers 404",
          "tests/smoke/test_sitemap.py::test_sitemap_links"),
    Fault("redirect-loop", "smoke", "/auth/login redirects back to /login: /login loops",
          "tests/smoke/test_redirects.py::test_no_redirect_loop[/login]",
          # /admin → /dashboard → (signed out) /auth/login → /login → …: it enters the same loop
          also=("tests/smoke/test_redirects.py::test_no_redirect_loop[/admin]",)),
    Fault("tls-expired", "smoke", "the HTTPS certificate expired two days ago",
          "tests/smoke/test_tls.py::test_certificate_expiry", tls=True),
    Fault("tls-expiring-soon", "smoke", "the HTTPS certificate expires in 3 days",
          "tests/smoke/test_tls.py::test_certificate_expiry", tls=True),
    Fault("tls-wrong-host", "smoke", "the HTTPS certificate is issued for wrong-host.skymarket.test",
          "tests/smoke/test_tls.py::test_certificate_hostname", tls=True),
    Fault("tls-chain-incomplete", "smoke",
          "the HTTPS server sends its leaf certificate without the intermediate CA that signed it",
          "tests/smoke/test_tls.py::test_certificate_chain", tls=True),
    Fault("http-not-redirected", "smoke", "the plain-HTTP port serves the site (200) instead of redirecting to HTTPS",
          "tests/smoke/test_tls.py::test_http_redirects_to_https", tls=True),
]  # fmt: skip
