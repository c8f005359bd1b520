"""What every page object shares: the page, the profile's e2e settings, page health and named steps."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import allure
from playwright.sync_api import Locator, Page

from postdeploy.flows.health import PageHealth, PageHealthError
from postdeploy.flows.selectors import locate
from postdeploy.profile.e2e import E2ESettings


class FlowError(AssertionError):
    """A flow step did not get the outcome it needs; the message is one line saying what was seen."""


def _no_attach(name: str, text: str) -> None:
    return None


@dataclass
class Flow:
    """One browser page driven through a flow, with the settings and the health watcher it reports to."""

    page: Page
    settings: E2ESettings
    health: PageHealth
    base_url: str
    # Receives (name, text) evidence, e.g. the page-health problems; the plugin redacts and attaches.
    attach: Callable[[str, str], None] = field(default=_no_attach)
    # Values typed during the flow that must be masked in its artifacts (e.g. a sign-up password).
    secrets: set[str] = field(default_factory=set)

    def sel(self, name: str) -> Locator:
        return locate(self.page, self.settings.selector(name))

    def url(self, path: str) -> str:
        return urljoin(self.base_url.rstrip("/") + "/", path.lstrip("/"))

    def goto(self, path: str) -> None:
        # "load", never "networkidle": a page with polling or analytics never goes idle.
        self.page.goto(self.url(path), wait_until="load")

    def path(self) -> str:
        return urlsplit(self.page.url).path

    @property
    def timeout(self) -> float:
        return float(self.settings.timeout_ms)

    @contextmanager
    def step(self, name: str, allow_status: tuple[int, ...] = ()) -> Iterator[None]:
        """A named flow step; it fails on any page-health problem seen while it ran."""
        with allure.step(name), self.health.allowing(*allow_status):
            try:
                yield
            except Exception as exc:
                problems = self.health.take()
                if problems:
                    # The page-health problems usually explain a failed wait (e.g. the 500 behind it).
                    self.attach(f"page health: {name}", "\n".join(problems))
                    exc.add_note("page health during this step: " + "; ".join(problems[:3]))
                raise
            problems = self.health.take()
            if problems:
                self.attach(f"page health: {name}", "\n".join(problems))
                raise PageHealthError(name, problems)
