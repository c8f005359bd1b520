"""Smoke checks: health, pages, redirects and rewrites, TLS, caching and compression, sitemap."""
