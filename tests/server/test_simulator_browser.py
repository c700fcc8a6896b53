"""The simulator page in a real headless Chromium, against a real HTTP server and the
background worker: greeting with buttons, a tap, a typed question, the answer."""

import pytest

from tests.browser_support import chromium, screenshot, serving


@pytest.fixture
def served_app(make_app):
    with serving(make_app(start_background=True)) as base:
        yield base


@pytest.fixture
def page():
    with chromium() as browser:
        yield browser.new_page(locale="vi-VN")


def test_a_citizen_chats_in_the_simulator_page(served_app, page):
    page.goto(f"{served_app}/simulator")
    greeting = page.locator(".bubble.bot").first
    greeting.wait_for(timeout=15000)
    assert "trợ lý hỏi đáp pháp luật" in greeting.inner_text()

    page.locator(".choices button", has_text="Cư trú, căn cước").first.click()
    page.locator(".bubble.bot").nth(1).wait_for(timeout=15000)
    assert "Cư trú và căn cước" in page.locator(".bubble.bot").nth(1).inner_text()

    page.fill("#text", "tam tru")
    page.press("#text", "Enter")
    answer = page.locator(".bubble.bot", has_text="Trả lời về Đăng ký tạm trú.")
    answer.wait_for(timeout=15000)
    assert "Căn cứ:" in answer.inner_text()
    assert page.locator(".bubble.user").all_inner_texts() == [
        "Bắt đầu",
        "Cư trú, căn cước",
        "tam tru",
    ]
    screenshot(page, "simulator")
