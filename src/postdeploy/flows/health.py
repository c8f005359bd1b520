"""Page health: uncaught JS errors, console errors and failed same-origin requests, per flow step.

A watcher listens to every page of a browser context; each flow step takes the problems seen since
the previous step and fails when there are any, so the failure names the step that broke.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, Request, Response

# A navigation that replaces a page cancels its pending requests: that is not a failure.
_BENIGN_FAILURES = ("net::ERR_ABORTED",)
_RESOURCE_STATUS = re.compile(r"Failed to load resource: the server responded with a status of (\d{3})")


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class PageHealthError(AssertionError):
    """A flow step saw JS errors, console errors or failed same-origin requests."""

    def __init__(self, step: str, problems: list[str]) -> None:
        self.step = step
        self.problems = problems
        shown = "; ".join(problems[:3]) + (f"; … {len(problems) - 3} more" if len(problems) > 3 else "")
        super().__init__(f"step {step!r}: page health: {shown}")


class PageHealth:
    """Collects problems from every page of the contexts it watches, plus a full console log."""

    def __init__(self, base_url: str, ignore_console: Iterable[str] = ()) -> None:
        self.base_origin = origin_of(base_url)
        self.ignore_console = [re.compile(p) for p in ignore_console]
        self.problems: list[str] = []
        self.console_log: list[str] = []
        self._allowed_status: frozenset[int] = frozenset()
        self._pages: list[Page] = []

    def watch(self, context: BrowserContext) -> None:
        for page in context.pages:
            self.watch_page(page)
        context.on("page", self.watch_page)

    def watch_page(self, page: Page) -> None:
        if page in self._pages:
            return
        self._pages.append(page)
        page.on("pageerror", lambda error: self._add(f"uncaught JS error on {page.url}: {error.message}"))
        page.on("console", lambda message: self._console(page, message))
        page.on("requestfailed", lambda request: self._request_failed(page, request))
        page.on("response", lambda response: self._response(page, response))

    @contextmanager
    def allowing(self, *statuses: int) -> Iterator[None]:
        """Expected HTTP error statuses for one step (e.g. 401 on a wrong password), not problems."""
        previous = self._allowed_status
        self._allowed_status = previous | frozenset(statuses)
        try:
            yield
        finally:
            self._allowed_status = previous

    def take(self) -> list[str]:
        """The problems since the last call, after flushing events still in flight from the pages."""
        for page in self._pages:
            if not page.is_closed():
                # One round trip to each page: events it emitted before now are delivered first.
                with suppress(Error):
                    page.evaluate("0")
        problems, self.problems = self.problems, []
        return problems

    def check(self, step: str) -> None:
        problems = self.take()
        if problems:
            raise PageHealthError(step, problems)

    # -- listeners ---------------------------------------------------------------------------

    def _add(self, problem: str) -> None:
        self.problems.append(problem)
        self.console_log.append(f"PROBLEM {problem}")

    def _watched(self, page: Page, url: str) -> bool:
        return origin_of(url) in (self.base_origin, origin_of(page.url))

    def _console(self, page: Page, message: ConsoleMessage) -> None:
        text = message.text
        where = message.location.get("url", "") if message.location else ""
        self.console_log.append(f"{message.type}: {text}" + (f" ({where})" if where else ""))
        if message.type != "error":
            return
        status = _RESOURCE_STATUS.search(text)
        if status and (int(status.group(1)) in self._allowed_status or not where or self._watched(page, where)):
            return  # a same-origin response: already judged by the response listener
        if any(p.search(text) for p in self.ignore_console):
            return
        self._add(f"console error on {page.url}: {text}")

    def _request_failed(self, page: Page, request: Request) -> None:
        failure = request.failure or "unknown error"
        if not self._watched(page, request.url) or any(b in failure for b in _BENIGN_FAILURES):
            return
        self._add(f"request failed: {request.method} {request.url}: {failure}")

    def _response(self, page: Page, response: Response) -> None:
        if response.status < 400 or response.status in self._allowed_status:
            return
        if self._watched(page, response.url):
            self._add(f"HTTP {response.status} for {response.request.method} {response.url}")
