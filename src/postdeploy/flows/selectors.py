"""Named selectors for the flows, with role/label/test-id defaults a profile can override by name.

A selector is a Playwright selector, plus three short forms: `label=Email` (get_by_label, exact),
`testid=price` (get_by_test_id) and `placeholder=Search` (get_by_placeholder, exact).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from postdeploy.profile.selectors import DEFAULT_SELECTORS

__all__ = ["DEFAULT_SELECTORS", "locate", "split_short_form"]

if TYPE_CHECKING:
    from playwright.sync_api import Frame as PwFrame
    from playwright.sync_api import FrameLocator, Locator, Page


_SHORT_FORMS = ("label=", "testid=", "placeholder=")


def split_short_form(selector: str) -> tuple[str, str]:
    """`label=Email` → ("label", "Email"); anything else → ("", selector) for page.locator()."""
    for prefix in _SHORT_FORMS:
        if selector.startswith(prefix):
            value = selector[len(prefix) :].strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            return prefix[:-1], value
    return "", selector


def locate(scope: Page | PwFrame | FrameLocator | Locator, selector: str) -> Locator:
    """The locator for a selector in the given page, frame or element."""
    kind, value = split_short_form(selector)
    if kind == "label":
        return scope.get_by_label(value, exact=True)
    if kind == "testid":
        return scope.get_by_test_id(value)
    if kind == "placeholder":
        return scope.get_by_placeholder(value, exact=True)
    return scope.locator(value)
