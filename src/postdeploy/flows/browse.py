"""Browse page objects: listings, search, category filter, the empty state and a listing's detail page."""

from __future__ import annotations

import re

from playwright.sync_api import Error, expect

from postdeploy.flows.base import Flow, FlowError

_DIGIT = re.compile(r"\d")


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
        flow.sel("search_submit").first.click()
        try:
            flow.page.wait_for_url(lambda url: url != before, wait_until="load", timeout=flow.timeout)
        except Error:
            raise FlowError(f"submitting the search form did not load results (at {flow.page.url})") from None

    def search(self, term: str) -> None:
        self.flow.sel("search_input").fill(term)
        self._submit()

    def filter_category(self, category: str) -> str:
        """Choose a category (the first real option when none is given) and submit; returns it."""
        select = self.flow.sel("category_select")
        if not category:
            values = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
            if not values:
                raise FlowError("the category filter offers no categories")
            category = str(values[0])
        select.select_option(category)
        self._submit()
        return category

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
        link = card.locator("a[href]").first if card.locator("a[href]").count() else card
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
