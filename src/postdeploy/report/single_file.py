"""Two fixes to the single-file HTML that Allure Report 3 (3.18) writes, applied after `allure generate`.

1. **A race that leaves the report empty.** The app's script comes before the inlined data in the page.
   The app asks for its data through `allureReportData`; if that global does not exist yet it falls
   back to fetching `widgets/*.json` beside the file, which a single-file report does not have, and
   the tree stays empty for good. On a fast machine the parser reaches the data first; on a busy one
   it does not (reproduced with Chromium's CPU throttling at 8x: 3 of 4 opens showed no tests).
   Declaring the global before the app's script makes the app wait for the data's "ready" flag,
   which the data script sets once everything is in place.
2. **A call home.** The Awesome template always adds Google Analytics (its `analyticsEnable` is
   hard-coded to true), so opening a report would tell a third party about the run. A post-deploy
   report must open offline and leak nothing: the block is removed.

Both edits are anchored on exact markup and report whether they applied; when Allure changes its
template they apply nothing rather than guess, and the report self-test (which opens the report in
Chromium and watches its requests) fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The app's bundle, inlined as a data: URI by the single-file template.
APP_SCRIPT = re.compile(r'<script\s[^>]*src="data:text/javascript;base64,')
# Written by the template's data script only when the report has data files.
DATA_MARKER = "window.allureReportDataReady = false;"
DATA_HOLDER = (
    "<script>/* postdeploy: the app waits for the inlined data (see postdeploy.report.single_file) */"
    "window.allureReportData = window.allureReportData || {};window.allureReportDataReady = false;</script>"
)
ANALYTICS = re.compile(
    r'\s*<script async src="https://www\.googletagmanager\.com/[^"]*"></script>'
    r"\s*<script>\s*window\.dataLayer[\s\S]*?</script>"
)


@dataclass(frozen=True)
class Hardened:
    html: str
    data_waits: bool  # the app now waits for the inlined data
    analytics_removed: bool


def harden(html: str) -> Hardened:
    """The report's HTML with the data race closed and the analytics call removed."""
    html, removed = ANALYTICS.subn("", html)
    waits = DATA_HOLDER in html  # already hardened
    app = APP_SCRIPT.search(html)
    if not waits and app is not None and DATA_MARKER in html[app.end() :]:
        html = html[: app.start()] + DATA_HOLDER + "\n    " + html[app.start() :]
        waits = True
    return Hardened(html=html, data_waits=waits, analytics_removed=removed > 0)
