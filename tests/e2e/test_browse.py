"""Browse flows: listings load, search narrows, a category filters, detail pages, the empty state."""

from __future__ import annotations

import pytest

from postdeploy.flows.base import Flow
from postdeploy.flows.browse import BrowsePage, HomePage


def test_home_leads_to_listings(anon_flow: Flow) -> None:
    """The home page leads to the listings."""
    home = HomePage(anon_flow)
    with anon_flow.step("open the home page"):
        assert home.open(), "the home page heading is empty"
    with anon_flow.step("follow the link to the listings"):
        browse = home.go_browse()
        assert browse.wait_for_cards("the listings linked from home") > 0


def test_listings_load(anon_flow: Flow) -> None:
    """The listings page shows listings."""
    with anon_flow.step("open the listings"):
        assert BrowsePage(anon_flow).open() > 0


def test_search_narrows_results(anon_flow: Flow) -> None:
    """Searching narrows the listings."""
    browse = BrowsePage(anon_flow)
    term = anon_flow.settings.search_term
    if not term:
        pytest.skip("no search term: set [e2e] search_term to a word that matches some listings but not all")
    with anon_flow.step("open the listings"):
        everything = browse.open()
    with anon_flow.step(f"search for {term!r}"):
        browse.search(term)
        found = browse.wait_for_cards(f"the search for {term!r}")
    assert found < everything, f"searching {term!r} did not narrow the listings ({found} of {everything})"


def test_category_filter(anon_flow: Flow) -> None:
    """The category filter narrows the listings."""
    browse = BrowsePage(anon_flow)
    with anon_flow.step("open the listings"):
        everything = browse.open()
    with anon_flow.step("filter by a category"):
        category = browse.filter_category(anon_flow.settings.category)
        found = browse.wait_for_cards(f"the category {category!r}")
    assert found < everything, f"category {category!r} did not filter the listings ({found} of {everything})"


def test_listing_detail_shows_title_price_provider(anon_flow: Flow) -> None:
    """A listing's page shows its title, price and provider."""
    browse = BrowsePage(anon_flow)
    with anon_flow.step("open the listings"):
        browse.open()
    with anon_flow.step("open a listing"):
        listing = browse.open_first_listing()
    with anon_flow.step("the listing shows title, price and provider"):
        listing.details()


def test_no_match_shows_empty_state(anon_flow: Flow) -> None:
    """A search that matches nothing shows the empty state."""
    browse = BrowsePage(anon_flow)
    with anon_flow.step("open the listings"):
        browse.open()
    with anon_flow.step("search for something that matches nothing"):
        browse.search(anon_flow.settings.no_match_term)
        assert browse.expect_empty_state()
