"""Perf-layer faults and the check that must catch each."""

from __future__ import annotations

from postdeploy.demo.faults import Fault

FAULTS: list[Fault] = [
    Fault("heavy-page", "perf", "the home page loads a ~600 KB script and a ~1.5 MB image",
          "test_budgets.py::test_budget[/-resource-summary:total:size]"),
    Fault("layout-shift", "perf", "a late banner pushes the home page down (CLS > 0.25)",
          "test_budgets.py::test_budget[/-cumulative-layout-shift]"),
    Fault("slow-lcp", "perf", "the home page's hero image (its LCP element) is delayed ~3 s by the server",
          "test_budgets.py::test_budget[/-largest-contentful-paint]"),
    Fault("render-blocking", "perf", "a synchronous script in <head> and long tasks block the main thread",
          "test_budgets.py::test_budget[/-total-blocking-time]"),
    Fault("too-many-requests", "perf", "the home page makes 64 extra small image requests",
          "test_budgets.py::test_budget[/-resource-summary:total:count]"),
    Fault("missing-meta", "perf", "pages have no <title> and no meta description (SEO)",
          "test_budgets.py::test_budget[/-categories:seo]"),
]  # fmt: skip
