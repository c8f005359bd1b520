"""The page-health watcher in a real Chromium: uncaught errors, console errors and failed same-origin
requests are problems; allowed statuses, ignored messages and other origins' responses are not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Route, sync_playwright

from postdeploy.flows.health import PageHealth, PageHealthError
from postdeploy.tools import CHROMIUM_FLAGS

SITE = "http://site.test"
PAGE = """<!doctype html><title>t</title><script>
console.error("analytics: tracker failed");
console.warn("just a warning");
fetch("/api/missing");
fetch("http://other.test/pixel");
setTimeout(function () { undefined.boom(); }, 0);
</script>"""


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=list(CHROMIUM_FLAGS))
        context = browser.new_context()

        def serve(route: Route) -> None:
            url = route.request.url
            if url == f"{SITE}/":
                route.fulfill(status=200, content_type="text/html", body=PAGE)
            elif url == f"{SITE}/login":
                route.fulfill(status=401, content_type="text/html", body="<p role=alert>Invalid</p>")
            else:
                route.fulfill(status=404, body="missing")

        context.route("**/*", serve)
        yield context.new_page()
        browser.close()


def test_problems_are_reported_per_step(page: Page) -> None:
    health = PageHealth(SITE, ignore_console=[r"^never matches$"])
    health.watch(page.context)
    page.goto(f"{SITE}/")
    page.wait_for_timeout(200)
    with pytest.raises(PageHealthError) as caught:
        health.check("open the page")
    problems = "\n".join(caught.value.problems)
    assert "uncaught JS error" in problems and "boom" in problems
    assert "console error on http://site.test/: analytics: tracker failed" in problems
    assert "HTTP 404 for GET http://site.test/api/missing" in problems
    assert "other.test" not in problems  # another origin's response is not this site's failure
    assert "warning" not in problems
    assert any(line.startswith("warning: just a warning") for line in health.console_log)
    health.check("nothing new since")  # taken problems are not reported twice


def test_allowed_status_and_ignored_console_messages_pass(page: Page) -> None:
    health = PageHealth(SITE, ignore_console=[r"^analytics:"])
    health.watch(page.context)
    with health.allowing(401):
        page.goto(f"{SITE}/login")
        health.check("a refused login answers 401")
