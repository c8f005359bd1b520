"""The two edits to Allure's single-file HTML, on markup shaped like Allure 3.18's template."""

from __future__ import annotations

from postdeploy.report.single_file import DATA_HOLDER, harden

APP = '<script   src="data:text/javascript;base64,QUJD"></script>'
ANALYTICS = """
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('config', 'G-LNDJ3J7WT0', {"report": "awesome"});
    </script>"""
DATA = """
    <script async>
      window.allureReportDataReady = false;
      window.allureReportData = window.allureReportData || {};
    </script>"""


def page(*body: str) -> str:
    return '<html><head></head><body><div id="app"></div>' + "".join(body) + "</body></html>"


def test_the_data_holder_comes_before_the_app_and_analytics_go() -> None:
    hardened = harden(page(APP, ANALYTICS, DATA))
    assert hardened.data_waits and hardened.analytics_removed
    html = hardened.html
    assert html.index(DATA_HOLDER) < html.index(APP) < html.index("allureReportDataReady = false;\n")
    assert "googletagmanager" not in hardened.html and "gtag(" not in hardened.html
    assert DATA.strip() in hardened.html  # the data itself is untouched


def test_a_report_without_inlined_data_is_left_to_fetch_its_files() -> None:
    # The multi-file report has no data script: a holder would make it wait for data that never comes.
    hardened = harden(page('<script src="app-1.js"></script>', ANALYTICS))
    assert not hardened.data_waits and DATA_HOLDER not in hardened.html
    assert hardened.analytics_removed


def test_unknown_markup_is_not_guessed_at() -> None:
    html = page("<script>boot()</script>")
    hardened = harden(html)
    assert hardened.html == html
    assert not hardened.data_waits and not hardened.analytics_removed


def test_hardening_twice_changes_nothing_more() -> None:
    once = harden(page(APP, ANALYTICS, DATA)).html
    assert harden(once).html == once
