"""Browse page objects: listings, search, category filter, the empty state and a listing's detail page."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Error, Locator, expect

from postdeploy.flows.base import Flow, FlowError
from postdeploy.flows.selectors import locate

_DIGIT = re.compile(r"\d")
# What a category filter that is not a <select> may be made of, and how it marks the chosen one.
_CHOICES = "button, a[href], [role=button], [role=radio], [role=tab], [role=option]"
_SELECTED = ("aria-pressed", "aria-checked", "aria-selected", "aria-current")
# In-place results count as settled once the cards stop changing for this long.
_SETTLE_S = 0.3


class HomePage:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow

    def open(self) -> str:
        """Open the home page; returns its main heading."""
        flow = self.flow
        flow.goto(flow.settings.home_path)
        heading = flow.sel("home_heading").first
        try:
            heading.wait_for(state="visible", timeout=flow.timeout)
        except Error:
            raise FlowError(f"the home page shows no heading (at {flow.page.url})") from None
        return heading.inner_text().strip()

    def go_browse(self) -> BrowsePage:
        """Follow the home page's link to the listings."""
        flow = self.flow
        before = flow.page.url
        link = flow.sel("browse_link").first
        try:
            link.click(timeout=flow.timeout)
            flow.page.wait_for_url(lambda url: url != before, wait_until="load", timeout=flow.timeout)
        except Error:
            raise FlowError(f"the home page's link to the listings did not work (at {flow.page.url})") from None
        return BrowsePage(flow)


class BrowsePage:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow

    def open(self) -> int:
        """Open the listings; returns how many cards show (at least one, or FlowError)."""
        flow = self.flow
        flow.goto(flow.settings.browse_path)
        return self.wait_for_cards("the listings page")

    def card_count(self) -> int:
        return self.flow.sel("listing_card").count()

    def wait_for_cards(self, where: str) -> int:
        flow = self.flow
        try:
            flow.sel("listing_card").first.wait_for(state="visible", timeout=flow.timeout)
        except Error:
            raise FlowError(f"{where} shows no listings (at {flow.page.url})") from None
        return self.card_count()

    def _submit(self) -> None:
        flow = self.flow
        before = flow.page.url
        button = flow.sel("search_submit")
        if button.count():
            button.first.click()
        else:  # a search form without a button submits on Enter
            flow.sel("search_input").first.press("Enter")
        self._await_navigation(before, "submitting the search form")

    def _await_navigation(self, before: str, what: str) -> None:
        flow = self.flow
        try:
            flow.page.wait_for_url(lambda url: url != before, wait_until="load", timeout=flow.timeout)
        except Error:
            raise FlowError(f"{what} did not load results (at {flow.page.url})") from None

    def _await_in_place(self, before: int) -> None:
        """Results that update where they are: wait until the cards change (or the empty state shows)
        and hold still for a moment; unchanged results are left for the caller's assertion."""
        flow = self.flow
        deadline = time.monotonic() + flow.timeout / 1000
        empty = flow.sel("empty_state")
        while time.monotonic() < deadline:
            if self.card_count() != before or (empty.count() and empty.first.is_visible()):
                break
            flow.page.wait_for_timeout(100)
        settled, last = time.monotonic(), self.card_count()
        while time.monotonic() - settled < _SETTLE_S and time.monotonic() < deadline:
            flow.page.wait_for_timeout(100)
            now = self.card_count()
            if now != last:
                settled, last = time.monotonic(), now

    def search(self, term: str) -> None:
        flow = self.flow
        before = self.card_count()
        flow.sel("search_input").first.fill(term)
        if flow.settings.search_mode == "url":
            self._submit()
        else:
            self._await_in_place(before)

    def filter_category(self, category: str) -> str:
        """Choose a category (the first one offered when none is given) and apply it; returns it.
        A <select> gets the option; anything else is a group of buttons or links to press."""
        flow = self.flow
        control = flow.sel("category_select").first
        try:
            control.wait_for(state="visible", timeout=flow.timeout)
        except Error:
            raise FlowError(f"the listings page has no category filter (at {flow.page.url})") from None
        before_count, before_url = self.card_count(), flow.page.url
        if control.evaluate("e => e.tagName.toLowerCase()") == "select":
            category = self._choose_option(control, category)
            if flow.settings.search_mode == "url":
                self._submit()
                return category
        else:
            choice, category = self._choose_button(control, category)
            choice.click()
            if flow.settings.search_mode == "url":
                self._await_navigation(before_url, f"choosing the category {category!r}")
                return category
        self._await_in_place(before_count)
        return category

    @staticmethod
    def _choose_option(select: Locator, category: str) -> str:
        if not category:
            values = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
            if not values:
                raise FlowError("the category filter offers no categories")
            category = str(values[0])
        select.select_option(category)
        return category

    @staticmethod
    def _choose_button(group: Locator, category: str) -> tuple[Locator, str]:
        choices = group.locator(_CHOICES)
        if category:
            named = choices.filter(has_text=re.compile(rf"^\s*{re.escape(category)}\s*$", re.IGNORECASE))
            if not named.count():
                raise FlowError(f"the category filter offers no choice named {category!r}")
            return named.first, category
        # The first choice not already selected ("All" usually is).
        for index in range(choices.count()):
            choice = choices.nth(index)
            if not any(choice.get_attribute(a) == "true" for a in _SELECTED):
                return choice, choice.inner_text().strip()
        raise FlowError("the category filter offers no categories")

    def expect_empty_state(self) -> str:
        flow = self.flow
        empty = flow.sel("empty_state").first
        try:
            expect(empty).to_be_visible(timeout=flow.timeout)
        except AssertionError:
            raise FlowError(f"a search with no match showed no empty state ({self.card_count()} cards)") from None
        if self.card_count():
            raise FlowError(f"the empty state shows next to {self.card_count()} listing cards")
        return empty.inner_text().strip()

    def open_first_listing(self) -> ListingPage:
        flow = self.flow
        card = flow.sel("listing_card").first
        inner = locate(card, flow.settings.selector("listing_link"))
        link = inner.first if inner.count() else card
        before = flow.page.url
        link.click()
        try:
            flow.page.wait_for_url(lambda url: url != before, wait_until="load", timeout=flow.timeout)
        except Error:
            raise FlowError(f"the listing page did not load (at {flow.page.url})") from None
        return ListingPage(flow)


class ListingPage:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow

    def _text(self, name: str, what: str) -> str:
        flow = self.flow
        element = flow.sel(name).first
        try:
            element.wait_for(state="visible", timeout=flow.timeout)
        except Error:
            raise FlowError(f"the listing page shows no {what} (at {flow.page.url})") from None
        text = element.inner_text().strip()
        if not text:
            raise FlowError(f"the listing page's {what} is empty (at {flow.page.url})")
        return text

    def details(self) -> dict[str, str]:
        """Title, price and provider as shown; FlowError when one is missing or the price has no amount."""
        shown = {
            "title": self._text("listing_title", "title"),
            "price": self._text("listing_price", "price"),
            "provider": self._text("listing_provider", "provider"),
        }
        if not _DIGIT.search(shown["price"]):
            raise FlowError(f"the listing's price shows no amount: {shown['price']!r}")
        return shown
