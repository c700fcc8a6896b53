"""The simulator page in a real headless Chromium, against a real HTTP server and the
background worker: greeting with buttons, a tap, a typed question, the answer."""

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ARTIFACTS = Path("test-artifacts")
CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium keeps trying to reach Google's hosts from a closed network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def served_app(make_app):
    app = make_app(start_background=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(locale="vi-VN")
        yield page
        browser.close()


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
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "simulator.png"), full_page=True)
