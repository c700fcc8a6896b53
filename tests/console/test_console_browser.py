"""The console in a real headless Chromium against a real HTTP server, scheduler and
worker: an official composes a notice with the live preview, a second official
approves and schedules it and watches it go out; a forwarded question is answered and
reaches the citizen; a legal quiz goes from creation to its winners, with a citizen
taking it in the simulator page. Screenshots of the main pages are kept in
test-artifacts/."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from broadcasts.routing import VIETNAM
from channels.simulator.blueprint import COOKIE, user_for
from server.services import services_of
from tests.browser_support import chromium, serving
from tests.browser_support import screenshot as save_screenshot
from tests.console.web_support import HOAN_KIEM, PASSWORD, forward_question, simulator_replies
from tests.timing import wait_until

WAIT_MS = 20000


@pytest.fixture
def served(make_console):
    app = make_console(start_background=True)
    with serving(app) as base:
        yield app, base


@pytest.fixture
def browser():
    with chromium() as launched:
        yield launched


def sign_in(browser, base: str, username: str):
    page = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/console/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/console/", timeout=WAIT_MS)
    return page


def screenshot(page, name: str) -> None:
    save_screenshot(page, f"console-{name}")


def test_compose_approve_schedule_and_watch_a_notice_go_out(served, browser):
    app, base = served
    for user in ("dan-1", "dan-2", "dan-3"):
        services_of(app).subscriptions.subscribe("simulator", user, HOAN_KIEM, ("general_public",))
    author = sign_in(browser, base, "lan")
    author.click("text=Tin phát")
    author.click("text=Soạn thông báo của xã")
    author.fill("input[name=title]", "Lịch tiêm chủng tháng 12")
    author.fill("textarea[name=body]", "Trạm y tế phường tiêm vắc xin sởi sáng thứ Bảy, 7 giờ.")
    author.fill("#commune-filter", "hoàn kiếm")
    author.check(f"input[name=communes][value='{HOAN_KIEM}']")
    author.uncheck("input[name=channels][value=zalo]")
    author.uncheck("input[name=channels][value=facebook]")
    preview = author.locator(".parts[data-platform=zalo] .bubble").first
    preview.wait_for(timeout=WAIT_MS)
    expect(author.locator("#reach")).to_contain_text("nhận được tin: 3", timeout=WAIT_MS)
    assert "Lịch tiêm chủng tháng 12" in preview.inner_text()
    assert "/1900 ký tự" in author.inner_text("#length")
    screenshot(author, "compose")
    author.click("button:has-text('Lưu nháp')")
    author.wait_for_selector("text=Một cán bộ khác cần duyệt tin này.", timeout=WAIT_MS)
    broadcast_url = author.url

    approver = sign_in(browser, base, "hoa")
    approver.goto(broadcast_url)
    approver.click("button:has-text('Duyệt tin')")
    approver.wait_for_selector("text=Đã duyệt tin.", timeout=WAIT_MS)
    at = dt.datetime.now(VIETNAM) + dt.timedelta(seconds=4)
    approver.fill("input[name=at]", at.strftime("%Y-%m-%dT%H:%M:%S"))
    approver.click("button:has-text('Hẹn giờ')")
    approver.wait_for_selector("text=Đã hẹn gửi lúc", timeout=WAIT_MS)
    # The page polls its progress: no reload, the figures change in place.
    expect(approver.locator("#status-badge")).to_have_text("Đã gửi xong", timeout=WAIT_MS)
    expect(approver.locator("[data-figure=sent]")).to_have_text("3", timeout=WAIT_MS)
    screenshot(approver, "broadcast-progress")
    approver.goto(f"{base}/console/broadcasts")
    assert "Đã gửi xong" in approver.inner_text("table")
    screenshot(approver, "broadcasts")


def test_an_official_answers_a_forwarded_question_in_the_browser(served, browser):
    app, base = served
    wait_until(lambda: services_of(app).holder() is not None, what="the assistant loaded")
    question_id = forward_question(
        app, "dan-9", "Tôi ở phường Hoàn Kiếm, xin hỏi thủ tục tách thửa đất"
    )
    official = sign_in(browser, base, "lan")
    official.click("text=Câu hỏi chuyển")
    screenshot(official, "questions")
    official.click("text=xin hỏi thủ tục tách thửa đất")
    official.click("button:has-text('Nhận xử lý')")
    official.wait_for_selector("text=Bạn đã nhận xử lý câu hỏi này.", timeout=WAIT_MS)
    official.fill(
        "textarea[name=answer]", "Bạn nộp hồ sơ tách thửa tại bộ phận một cửa của UBND phường."
    )
    official.click("button:has-text('Gửi câu trả lời')")
    official.wait_for_selector("text=Đã gửi câu trả lời", timeout=WAIT_MS)
    screenshot(official, "question-answered")

    def citizen_replies() -> list[str]:
        return simulator_replies(app, "dan-9")

    wait_until(
        lambda: any("bộ phận một cửa" in text for text in citizen_replies()),
        what="the official's answer reaching the citizen",
    )
    assert app.extensions["console"].questions.get(question_id).status == "answered"

    dashboard = sign_in(browser, base, "thu")
    assert "Câu hỏi chờ cán bộ nhận" in dashboard.inner_text("main")
    screenshot(dashboard, "dashboard")
    dashboard.goto(f"{base}/console/reports")
    screenshot(dashboard, "reports")


def visible_communes(page) -> list[str]:
    return [text.strip() for text in page.locator("#commune-list label:visible").all_inner_texts()]


def test_the_commune_filter_hides_other_communes_with_or_without_diacritics(served, browser):
    _, base = served
    page = sign_in(browser, base, "thu")
    page.goto(f"{base}/console/broadcasts/new?kind=local_notice")
    everyone = len(visible_communes(page))
    assert everyone > 100  # the province's communes, all shown before filtering
    for typed in ("hoàn kiếm", "hoan kiem", "HOAN KIEM"):
        page.fill("#commune-filter", typed)
        assert visible_communes(page) == ["Phường Hoàn Kiếm"], typed
    screenshot(page, "compose-commune-filter")
    page.fill("#commune-filter", "")
    assert len(visible_communes(page)) == everyone


def add_question(page, text: str, options: tuple[str, ...], correct: int, basis: str) -> None:
    page.fill("#question-text", text)
    if options:
        page.select_option("#question-kind", "choice")
        for index, option in enumerate(options):
            page.fill(f"#option{index}", option)
    else:
        page.select_option("#question-kind", "true_false")
    page.select_option("#question-correct", str(correct))
    page.fill("#question-explanation", f"Theo {basis}.")
    page.fill("#question-basis", basis)
    page.click("button:has-text('Lưu câu hỏi')")
    page.wait_for_selector("text=Đã thêm câu hỏi.", timeout=WAIT_MS)


def test_a_quiz_from_creation_to_winners_with_a_citizen_in_the_simulator(served, browser):
    app, base = served
    citizen = browser.new_context(locale="vi-VN").new_page()
    citizen.goto(f"{base}/simulator")
    citizen.locator(".bubble.bot").first.wait_for(timeout=WAIT_MS)  # the assistant is ready
    [secret] = [c["value"] for c in citizen.context.cookies() if c["name"] == COOKIE]
    services_of(app).subscriptions.subscribe(
        "simulator", user_for(secret), HOAN_KIEM, ("general_public",)
    )

    author = sign_in(browser, base, "lan")
    author.click("nav >> text=Cuộc thi")
    now = dt.datetime.now(VIETNAM)
    author.fill("#quiz-title", "Tìm hiểu Luật Cư trú")
    author.fill("#quiz-starts", (now - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    author.fill("#quiz-ends", (now + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    author.check(f"input[name=communes][value='{HOAN_KIEM}']")
    author.click("button:has-text('Tạo cuộc thi nháp')")
    author.wait_for_selector("text=Đã tạo cuộc thi nháp.", timeout=WAIT_MS)
    add_question(author, "Ở từ bao nhiêu ngày phải đăng ký tạm trú?",
                 ("15 ngày", "30 ngày", "60 ngày"), 1, "Điều 27 Luật Cư trú 2020")  # fmt: skip
    add_question(author, "Công dân được đăng ký thường trú ở hai nơi.", (), 1,
                 "Điều 20 Luật Cư trú 2020")  # fmt: skip
    assert author.locator("#questions > li").count() == 2
    assert author.locator("#approve-quiz").count() == 0  # not by its own author
    quiz_url = author.url.split("#")[0]

    approver = sign_in(browser, base, "hoa")
    approver.goto(quiz_url)
    approver.click("#approve-quiz")
    approver.wait_for_selector("text=Đã duyệt cuộc thi", timeout=WAIT_MS)
    expect(approver.locator("#quiz-status")).to_have_text("Đã duyệt")

    invitation = citizen.locator(".bubble.news", has_text="Mời tham gia cuộc thi")
    invitation.wait_for(timeout=WAIT_MS)
    assert "Tìm hiểu Luật Cư trú" in invitation.inner_text()
    citizen.fill("#text", "thi tìm hiểu pháp luật")
    citizen.press("#text", "Enter")
    citizen.locator(".bubble.bot", has_text="Câu 1/2").wait_for(timeout=WAIT_MS)
    citizen.locator(".choices button", has_text="30 ngày").last.click()
    citizen.locator(".bubble.bot", has_text="Câu 2/2").wait_for(timeout=WAIT_MS)
    citizen.locator(".choices button", has_text="Đúng").last.click()
    citizen.locator(".bubble.bot", has_text="1/2").last.wait_for(timeout=WAIT_MS)
    citizen.locator(".choices").last.get_by_role("button", name="Hữu ích", exact=True).click()
    citizen.locator(".bubble.bot", has_text="Cảm ơn bạn đã đánh giá").wait_for(timeout=WAIT_MS)
    save_screenshot(citizen, "simulator-quiz")

    author.goto(quiz_url)
    expect(author.locator("#participants")).to_have_text("1")
    expect(author.locator("#finished")).to_have_text("1")
    expect(author.locator("#hardest tbody tr").first).to_contain_text("hai nơi")
    expect(author.locator("#hardest tbody tr").first).to_contain_text("100 %")
    expect(author.locator("#quiz-satisfaction")).to_contain_text("1 hữu ích")
    expect(author.locator("#winners")).to_contain_text("Hoàn Kiếm: hạng 1 (1 điểm)")
    expect(author.locator("#results tbody tr").first).to_contain_text("Chat thử")
    screenshot(author, "quiz-results")

    other_commune = sign_in(browser, base, "binh")
    assert other_commune.goto(quiz_url).status == 403
