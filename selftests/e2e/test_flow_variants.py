"""The browse and booking page objects on the shapes sites come in, with the default selectors, in a
real Chromium: search by URL or in place, the category as a <select> or as buttons in a group, and
a bookings table found by the id in a row's text, cancelled through a confirm() dialog."""

from __future__ import annotations

import html
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from postdeploy.flows.base import Flow, FlowError
from postdeploy.flows.booking import Dashboard
from postdeploy.flows.browse import BrowsePage
from postdeploy.flows.health import PageHealth
from postdeploy.profile import E2ESettings
from postdeploy.tools import CHROMIUM_FLAGS

SITE = "http://shop.test"
CLASSES = [("Spoon carving", "wood"), ("Wheel throwing", "clay"), ("Bowl turning", "wood")]


def _cards(items: list[tuple[str, str]]) -> str:
    if not items:
        return "<p>No results found.</p>"
    return "".join(f'<article data-craft="{c}"><a href="/c/{i}">{html.escape(t)}</a></article>'
                   for i, (t, c) in enumerate(items))  # fmt: skip


def url_search_page(query: str, button: bool = True) -> str:
    """A server-rendered GET form: the URL carries the search."""
    params = parse_qs(urlsplit(query).query)
    q, category = params.get("q", [""])[0].lower(), params.get("category", [""])[0]
    shown = [(t, c) for t, c in CLASSES if q in t.lower() and category in ("", c)]
    return f"""<!doctype html><main><form action="/search">
<input type="search" name="q" aria-label="Search"><label for="c">Category</label>
<select id="c" name="category"><option value="">All</option><option value="wood">Wood</option>
<option value="clay">Clay</option></select>{"<button>Search</button>" if button else ""}</form>
{_cards(shown)}</main>"""


def in_place_page(works: bool) -> str:
    """Client-side search and craft buttons: results update, the URL stays."""
    return f"""<!doctype html><main><input type="search" aria-label="Search classes" id="q">
<div role="group" aria-label="Category"><button aria-pressed="true" data-c="">All crafts</button>
<button aria-pressed="false" data-c="wood">Wood</button><button aria-pressed="false" data-c="clay">Clay</button></div>
<div id="out"></div></main><script>
const items = {[list(item) for item in CLASSES]}; let craft = "";
function render() {{
  const q = {"document.getElementById('q').value.toLowerCase()" if works else "''"};
  const shown = items.filter(([t, c]) => t.toLowerCase().includes(q)
    && ({"craft === '' || c === craft" if works else "true"}));
  document.getElementById("out").innerHTML = shown.length
    ? shown.map(([t, c], i) => `<article><a href="/c/${{i}}">${{t}}</a></article>`).join("")
    : "<p>No classes match your search</p>";
}}
document.getElementById("q").addEventListener("input", () => setTimeout(render, 150));
for (const b of document.querySelectorAll("[data-c]")) b.addEventListener("click", () => {{
  craft = b.dataset.c;
  for (const o of document.querySelectorAll("[data-c]")) o.setAttribute("aria-pressed", String(o === b));
  render();
}});
render();
</script>"""


BOOKINGS = """<!doctype html><h1>Dashboard</h1><table><tbody>
<tr><td>B-123</td><td><span data-status>Paid</span></td><td><button>Cancel</button></td></tr>
<tr><td>B-12</td><td><span data-status id="s12">Awaiting  payment</span></td>
<td><button onclick="if (confirm('Cancel B-12?')) document.getElementById('s12').textContent = 'Cancelled'">
Cancel booking</button></td></tr></tbody></table>"""


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", args=list(CHROMIUM_FLAGS))
        yield chromium
        chromium.close()


@pytest.fixture
def site(chromium_browser: Browser) -> Iterator[Page]:
    context = chromium_browser.new_context()

    def serve(route: Route) -> None:
        url = route.request.url
        path = urlsplit(url).path
        body = {
            "/search": url_search_page(url),
            "/find": url_search_page(url, button=False).replace('action="/search"', 'action="/find"'),
            "/live": in_place_page(works=True),
            "/inert": in_place_page(works=False),
            "/dashboard": BOOKINGS,
        }.get(path)
        route.fulfill(status=200 if body else 404, content_type="text/html", body=body or "")

    context.route("**/*", serve)
    yield context.new_page()
    context.close()


def browse(page: Page, **settings: object) -> BrowsePage:
    flow = Flow(page, E2ESettings(enabled=True, timeout_ms=3000, **settings), PageHealth(SITE), SITE)  # type: ignore[arg-type]
    return BrowsePage(flow)


def test_search_by_url_and_a_category_select(site: Page) -> None:
    listings = browse(site, browse_path="/search")
    assert listings.open() == 3
    listings.search("wheel")
    assert listings.wait_for_cards("search") == 1 and "q=wheel" in site.url
    listings.open()
    assert listings.filter_category("") == "wood"  # the first real option
    assert listings.card_count() == 2 and "category=wood" in site.url
    listings.open()
    listings.search("zz-nothing")
    assert listings.expect_empty_state() == "No results found."


def test_search_form_without_a_button_submits_on_enter(site: Page) -> None:
    listings = browse(site, browse_path="/find")
    assert listings.open() == 3
    listings.search("bowl")
    assert listings.wait_for_cards("search") == 1 and "/find?q=bowl" in site.url


def test_search_in_place_and_category_buttons(site: Page) -> None:
    listings = browse(site, browse_path="/live", search_mode="in_place",
                      selectors={"search_input": "label=Search classes"})  # fmt: skip
    assert listings.open() == 3
    listings.search("wheel")
    assert listings.card_count() == 1 and site.url == f"{SITE}/live"  # no navigation
    listings.open()
    assert listings.filter_category("") == "Wood"  # the first choice not already pressed
    assert listings.card_count() == 2
    assert listings.filter_category("clay") == "clay"
    assert listings.card_count() == 1
    listings.open()
    listings.search("zz-nothing")
    assert listings.expect_empty_state() == "No classes match your search"


def test_inert_in_place_search_leaves_the_results_for_the_check(site: Page) -> None:
    listings = browse(site, browse_path="/inert", search_mode="in_place",
                      selectors={"search_input": "label=Search classes"})  # fmt: skip
    assert listings.open() == 3
    listings.search("wheel")  # waits for a change that never comes, then lets the test judge
    assert listings.card_count() == 3
    with pytest.raises(FlowError, match="the category filter offers no choice named 'glass'"):
        listings.filter_category("glass")


def test_bookings_found_by_their_id_and_cancelled_through_a_confirm(site: Page) -> None:
    settings = E2ESettings(enabled=True, timeout_ms=3000, status_pending=["awaiting payment"])
    dashboard = Dashboard(Flow(site, settings, PageHealth(SITE), SITE))
    dashboard.open()
    assert dashboard.status("B-12") == "awaiting payment"  # not B-123's "paid"
    assert dashboard.status("B-1") is None
    dashboard.cancel("B-12")  # the confirm() is accepted, or nothing would change
    assert dashboard.status("B-12") == "cancelled"
