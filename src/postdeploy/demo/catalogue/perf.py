"""Perf-layer faults and the budget line that must catch each (`tests/perf/test_lighthouse.py`).

Budget-line test ids read `test_budget[<line> on <path>]`; `also` lists lines the same fault may
break too (a 2 MB page also lowers the performance score), which are not collateral failures.
"""

from __future__ import annotations

from postdeploy.demo.catalogue.fault import Fault

BUDGET = "test_lighthouse.py::test_budget"
PERF_SCORE = f"{BUDGET}[performance score >= 0.9 on /"
# Every budget line on / (their ids end so): a page Lighthouse cannot audit leaves them no result.
EVERY_LINE_ON_HOME = " on /]"

FAULTS: list[Fault] = [
    Fault("heavy-page", "perf", "the home page loads a ~600 KB script and a ~1.5 MB image",
          f"{BUDGET}[script size <= 150 KiB on /]",
          also=(f"{BUDGET}[image size <= 300 KiB on /]", f"{BUDGET}[total size <= 600 KiB on /]", PERF_SCORE,
                f"{BUDGET}[LCP <= 2500 ms on /]", f"{BUDGET}[FCP <= 1500 ms on /]", f"{BUDGET}[TBT <= 200 ms on /]")),
    Fault("layout-shift", "perf", "a late banner pushes the home page down (CLS > 0.25)",
          f"{BUDGET}[CLS <= 0.1 on /]", also=(PERF_SCORE,)),
    Fault("slow-lcp", "perf", "the home page's hero image (its LCP element) is delayed ~3 s by the server",
          f"{BUDGET}[LCP <= 2500 ms on /]", also=(PERF_SCORE,)),
    Fault("render-blocking", "perf", "a synchronous script in <head> and long tasks block the main thread",
          f"{BUDGET}[TBT <= 200 ms on /]",
          also=(f"{BUDGET}[TBT <= 200 ms on /", PERF_SCORE, f"{BUDGET}[FCP <= 1500 ms on /",
                f"{BUDGET}[LCP <= 2500 ms on /")),
    Fault("too-many-requests", "perf", "the home page makes 64 extra small image requests",
          f"{BUDGET}[total count <= 30 requests on /]", also=(PERF_SCORE, f"{BUDGET}[LCP <= 2500 ms on /]")),
    Fault("missing-meta", "perf", "pages have no <title> and no meta description (SEO)",
          f"{BUDGET}[meta-description score >= 1 on /]",
          also=(f"{BUDGET}[meta-description score >= 1 on /", f"{BUDGET}[seo score >= 0.9 on /",
                f"{BUDGET}[accessibility score >= 0.95 on /")),
    Fault("blank-page", "perf",
          "the home page stays hidden until a boot script that 404s reveals it: nothing ever paints (NO_FCP)",
          "tests/perf/test_lighthouse.py::test_lighthouse_run[/]", also=(EVERY_LINE_ON_HOME,)),
]  # fmt: skip
