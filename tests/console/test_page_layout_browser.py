"""How the console's pages are laid out in a real headless Chromium: filters on the line
of the buttons, readable chart text, no sideways scrolling on a phone, and a menu that
keeps its line whatever the officer's name. Screenshots go to test-artifacts/."""

import pytest

from tests.browser_support import chromium, screenshot, serving
from tests.console.test_dashboard_pages import chat
from tests.console.web_support import BA_DINH, HOAN_KIEM, PASSWORD

WAIT_MS = 20000
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LONG_NAME = "Nguyễn Thị Phương Thảo, Phó Chủ tịch UBND phường Hoàn Kiếm, phụ trách văn hóa, xã hội"


@pytest.fixture
def base(make_console):
    app = make_console()
    chat(app, "dan-1", HOAN_KIEM)
    chat(app, "dan-2", BA_DINH)
    with serving(app) as url:
        yield url


@pytest.fixture
def browser():
    with chromium() as launched:
        yield launched


def sign_in(browser, base: str, username: str, viewport: dict = DESKTOP):
    page = browser.new_context(locale="vi-VN", viewport=viewport).new_page()
    page.goto(f"{base}/console/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/console/", timeout=WAIT_MS)
    return page


def middle(box: dict) -> float:
    return box["y"] + box["height"] / 2


@pytest.mark.parametrize(
    ("path", "name"), [("/console/broadcasts", "broadcasts"), ("/console/kb", "kb")]
)
def test_the_status_filter_sits_on_the_line_of_the_buttons(base, browser, path, name):
    page = sign_in(browser, base, "thu")
    page.goto(base + path)
    row = page.locator("main .actions").first
    buttons = [row.locator("a.button").first, row.locator("button:has-text('Lọc')")]
    dropdown = row.locator("select[name=status]")
    label = row.locator("label:has(select[name=status])")
    centres = [middle(item.bounding_box()) for item in (*buttons, dropdown)]
    assert max(centres) - min(centres) <= 2, centres
    # The label's words are beside the dropdown, not above it.
    assert label.bounding_box()["height"] <= dropdown.bounding_box()["height"] + 4
    screenshot(page, f"layout-{name}-filter")


def test_dashboard_chart_text_is_at_least_12_px(base, browser):
    page = sign_in(browser, base, "thu")
    sizes = page.evaluate(
        """() => Array.from(document.querySelectorAll("svg.chart text")).map(
             (text) => parseFloat(text.getAttribute("font-size")) *
                       text.ownerSVGElement.getScreenCTM().a)"""
    )
    assert len(sizes) > 10  # the charts have data: axes, labels, values
    assert min(sizes) >= 12, sorted(sizes)[:5]
    screenshot(page, "layout-dashboard-desktop")


@pytest.mark.parametrize(
    "path",
    ["/console/", "/console/broadcasts", "/console/questions", "/console/kb",
     "/console/reports", "/console/users", "/console/audit"],
)  # fmt: skip
def test_no_page_is_wider_than_a_390_px_phone(base, browser, path):
    page = sign_in(browser, base, "admin", PHONE)
    page.goto(base + path)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    if path == "/console/":
        sizes = page.evaluate(
            """() => Array.from(document.querySelectorAll("svg.chart text")).map(
                 (text) => parseFloat(text.getAttribute("font-size")) *
                           text.ownerSVGElement.getScreenCTM().a)"""
        )
        assert min(sizes) >= 12  # the chart scrolls in its card rather than shrinking
    screenshot(page, "layout-phone" + path.replace("/", "-").rstrip("-"))


def test_a_long_display_name_keeps_the_menu_on_one_line(make_console, browser):
    app = make_console()
    app.extensions["console"].accounts.create(
        "thao", PASSWORD, app.extensions["console"].accounts.get("admin").officer.role,
        frozenset(), LONG_NAME,
    )  # fmt: skip
    with serving(app) as url:
        page = sign_in(browser, url, "thao")
        screenshot(page, "layout-long-name")
        tops = {round(box["y"]) for box in map(lambda link: link.bounding_box(),
                page.locator("header.top nav a").all())}  # fmt: skip
        assert len(tops) == 1, tops
        name = page.locator(".whoami .name")
        assert name.get_attribute("title") == LONG_NAME
        header = page.locator("header.top").bounding_box()
        assert header["height"] < 60, header
        screenshot(page, "layout-long-name")
