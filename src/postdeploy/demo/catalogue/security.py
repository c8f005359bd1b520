"""Security-layer faults and the check that must catch each.

`also`: the Observatory-style grade (demo minimum A) drops with the faults it scores heavily.
"""

from __future__ import annotations

from postdeploy.demo.catalogue.fault import Fault

GRADE = "test_grade.py::test_observatory_grade"
SUPABASE = "test_supabase.py::test_supabase_"

FAULTS: list[Fault] = [
    Fault("no-hsts", "security", "no Strict-Transport-Security header", "test_headers.py::test_hsts", also=(GRADE,)),
    Fault("weak-hsts", "security", "Strict-Transport-Security: max-age=300 (no includeSubDomains)",
          "test_headers.py::test_hsts"),
    Fault("csp-missing", "security", "no Content-Security-Policy header", "test_csp.py::test_csp_enforced",
          also=(GRADE,)),
    Fault("csp-unsafe-eval", "security", "script-src allows 'unsafe-eval'", "test_csp.py::test_csp_policy"),
    Fault("csp-report-only", "security", "the CSP is sent only as Content-Security-Policy-Report-Only",
          "test_csp.py::test_csp_enforced", also=(GRADE,)),
    Fault("csp-wildcard-script", "security", "script-src allows any host (*)", "test_csp.py::test_csp_policy",
          also=(GRADE,)),
    Fault("xfo-missing", "security", "no X-Frame-Options and no CSP frame-ancestors: the site can be framed",
          "test_headers.py::test_frame_options", also=(GRADE,)),
    Fault("nosniff-missing", "security", "no X-Content-Type-Options: nosniff", "test_headers.py::test_nosniff"),
    Fault("referrer-unsafe", "security", "Referrer-Policy: unsafe-url", "test_headers.py::test_referrer_policy"),
    Fault("powered-by-leak", "security", "X-Powered-By: Next.js 14.1.0 on every response",
          "test_headers.py::test_information_leaks"),
    Fault("cookie-insecure", "security", "the session cookie lacks HttpOnly and SameSite",
          "test_cookies.py::test_session_cookie_flags"),
    Fault("cors-reflect-credentials", "security",
          "API routes reflect any Origin with Access-Control-Allow-Credentials: true",
          "test_cors.py::test_cors_foreign_origin"),
    Fault("env-exposed", "security", "/.env, /.env.production and /.env.local are served",
          "test_exposure.py::test_sensitive_path_not_exposed[/.env"),
    Fault("git-exposed", "security", "/.git/config and /.git/HEAD are served",
          "test_exposure.py::test_sensitive_path_not_exposed[/.git/"),
    Fault("sourcemap-exposed", "security", "source maps of the site's scripts are served (/static/app.js.map)",
          "test_exposure.py::test_source_maps_not_exposed"),
    Fault("admin-unprotected", "security", "/admin answers 200 without a session",
          "test_auth_guards.py::test_private_route_guarded[/admin]"),
    # Verification off entirely: a replayed event passes too.
    Fault("webhook-unsigned-accepted", "security", "the Stripe webhook accepts events without a valid signature",
          "test_webhooks.py::test_webhook_rejects_unsigned", also=("test_webhooks.py::test_webhook_rejects_replay",)),
    Fault("webhook-replay-accepted", "security", "the Stripe webhook accepts correctly signed events of any age",
          "test_webhooks.py::test_webhook_rejects_replay"),
    Fault("no-rate-limit", "security", "login is never rate limited", "test_rate_limit.py::test_login_rate_limited"),
    Fault("rate-limit-503-bare", "security",
          "the login answers 503 without Retry-After once limited: an outage, not a lockout a client can honour",
          "test_rate_limit.py::test_login_rate_limited"),
    Fault("trace-enabled", "security", "TRACE echoes the request (200, message/http) and OPTIONS advertises it",
          "test_methods.py::test_trace_disabled", also=("test_methods.py::test_options_methods",)),
    Fault("permissions-policy-missing", "security", "no Permissions-Policy header",
          "test_headers.py::test_permissions_policy"),
    Fault("coop-missing", "security", "no Cross-Origin-Opener-Policy (the demo profile requires it)",
          "test_headers.py::test_cross_origin_isolation"),
    Fault("csp-static-nonce", "security", "script-src carries the same nonce on every response",
          "test_csp.py::test_csp_nonce_not_static"),
    Fault("backup-exposed", "security", "/backup.sql, /backup.zip, /.DS_Store and /next.config.js.bak are served",
          "test_exposure.py::test_sensitive_path_not_exposed[/backup.sql]",
          also=tuple(f"test_exposure.py::test_sensitive_path_not_exposed[{p}]"
                     for p in ("/backup.zip", "/.DS_Store", "/next.config.js.bak"))),
    Fault("directory-listing", "security", "/static/ answers with an auto-generated index of its files",
          "test_exposure.py::test_no_directory_listing"),
    Fault("middleware-subrequest-bypass", "security",
          "the dashboard's guard trusts x-middleware-subrequest (CVE-2025-29927) and renders without a session",
          "test_auth_guards.py::test_private_route_guard_not_bypassed[/dashboard]"),
    Fault("private-route-404", "security", "/dashboard answers 404 to visitors without a session (not a login)",
          "test_auth_guards.py::test_private_route_guarded[/dashboard]",
          # /admin sends visitors on to /dashboard: the same 404 at the end of its chain
          also=("test_auth_guards.py::test_private_route_guarded[/admin]",)),
    # Preview and production invariants: the demo plays the environment, the profile declares it.
    Fault("preview-indexable", "security", "a preview deployment sends no noindex (header or meta)",
          "test_environment.py::test_preview_is_noindex", environment="preview"),
    Fault("production-noindex", "security", "production pages carry <meta name=robots content=noindex>",
          "test_environment.py::test_production_is_indexable", environment="production"),
    Fault("production-protected", "security", "production sits behind the protection wall: anonymous visitors get 401",
          "test_environment.py::test_production_not_protected", environment="production", protect=True),
    Fault("production-test-key", "security", "production pages embed a test-mode Stripe key (pk_test_)",
          "test_environment.py::test_stripe_key_matches_environment", environment="production"),
    Fault("preview-live-key", "security", "a preview embeds a live-mode Stripe key (pk_live_)",
          "test_environment.py::test_stripe_key_matches_environment", environment="preview"),
    Fault("preview-production-supabase", "security",
          "a preview's pages embed production's Supabase project URL, not the preview's own",
          "test_environment.py::test_supabase_project_matches_environment", environment="preview", supabase=True),
    # Database faults of the Supabase-compatible data API (PostgreSQL decides: see demo/supabase/schema.py).
    # With RLS off, the test user reads other profiles and an anonymous insert passes RLS (a foreign
    # key then stops it): the same fault, seen by the two other checks.
    Fault("supabase-rls-disabled", "security", "row-level security is disabled on the private profiles table",
          SUPABASE + "anonymous_reads", supabase=True,
          also=(SUPABASE + "cross_user_reads", SUPABASE + "anonymous_insert_refused")),
    Fault("supabase-select-using-true", "security",
          "a `FOR SELECT TO authenticated USING (true)` policy: any signed-in user reads every invoice",
          SUPABASE + "cross_user_reads", supabase=True),
    Fault("supabase-bucket-lists", "security", "a storage policy lets anyone list the private invoices bucket",
          SUPABASE + "private_buckets_do_not_list", supabase=True),
    Fault("supabase-anon-insert", "security", "a `FOR INSERT WITH CHECK (true)` policy: anyone inserts messages",
          SUPABASE + "anonymous_insert_refused", supabase=True),
    # Client bundles, open redirects, the image optimizer (issue 15).
    Fault("service-role-key-in-bundle", "security",
          "a route chunk that no page loads (listed in the build manifest) inlines the Supabase service-role key",
          "test_bundles.py::test_no_secrets_in_client_bundles"),
    Fault("stripe-key-in-page-data", "security", "every page's inline __NEXT_DATA__ carries a Stripe secret key",
          "test_bundles.py::test_no_secrets_in_client_bundles"),
    Fault("sourcemap-unlinked-chunk", "security",
          "the source map of a chunk no page loads directly is served (listed only in the build manifest)",
          "test_exposure.py::test_source_maps_not_exposed"),
    Fault("open-redirect-login", "security", "the login's next parameter redirects anywhere (//evil.example too)",
          "test_open_redirects.py::test_no_open_redirects"),
    Fault("image-proxy-open", "security", "/_next/image fetches any URL it is given (loopback included) and serves it",
          "test_image_proxy.py::test_image_optimizer_refuses_foreign_urls"),
    # The grade's own fault: nothing but the Observatory's SRI test scores a third-party script.
    Fault("third-party-script-no-sri", "security",
          "every page loads a third-party chat widget over plain http without Subresource Integrity",
          GRADE),
]  # fmt: skip
