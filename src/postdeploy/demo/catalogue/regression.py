"""Regression faults: slower or heavier than the healthy demo, yet under every absolute budget and SLA.

Only the deploy-over-deploy gate catches them, against a baseline of the healthy demo. `check` is
the gate metric that must be flagged (`<metric> on <page or endpoint>`); `also` lists metrics the
same change may move too (a slower server also delays the first paint). Anything else flagged is
a false alarm.
"""

from __future__ import annotations

from postdeploy.demo.catalogue.fault import Fault

FAULTS: list[Fault] = [
    Fault("slower-home-render", "perf",
          "the home page's server render takes 150 ms longer (an N+1 query): TTFB, FCP and LCP rise, "
          "all still under their budgets",
          "TTFB on /", also=("FCP on /", "LCP on /", "Speed Index on /", "performance score on /"), baseline=True),
    Fault("heavier-script", "perf",
          "the home page loads one more script of ~80 KB (a new dependency), under the 150 KiB script budget",
          "script bytes on /", also=("total bytes on /", "script requests on /", "total requests on /"),
          baseline=True),
    Fault("slower-listing-api", "load",
          "GET /api/listings/[id] answers 40 ms later (a lost index), far under every load SLA",
          "latency of GET /api/listings/[id]", baseline=True),
]  # fmt: skip
