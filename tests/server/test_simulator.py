"""The simulator goes through the same inbox → assistant → outbox path as the platforms,
and each browser reads back only its own chat."""

from channels.simulator.blueprint import COOKIE
from tests.server.support import FACEBOOK_ENV, worker_of


def browser(app):
    """A test client that opened the page, so it holds its chat secret."""
    client = app.test_client()
    assert client.get("/simulator").status_code == 200
    return client


def post(client, text, message_id, payload=None):
    body = {"message_id": message_id, "text": text}
    if payload:
        body["payload"] = payload
    return client.post("/simulator/messages", json=body)


def test_a_question_typed_in_the_simulator_is_answered_from_the_outbox(make_app):
    app = make_app()
    client = browser(app)
    assert post(client, "tam tru", "m1").status_code == 202
    worker_of(app).process_due()
    replies = client.get("/simulator/replies?after=0").get_json()["replies"]
    assert len(replies) == 1
    assert "Trả lời về Đăng ký tạm trú." in replies[0]["text"]
    assert [r["title"] for r in replies[0]["quick_replies"]][:2] == ["Hữu ích", "Chưa hữu ích"]
    later = client.get(f"/simulator/replies?after={replies[0]['id']}")
    assert later.get_json()["replies"] == []


def test_a_quick_reply_tap_is_sent_as_its_payload(make_app):
    app = make_app()
    client = browser(app)
    post(client, "Bắt đầu", "m1", payload="GET_STARTED")
    worker_of(app).process_due()
    replies = client.get("/simulator/replies?after=0").get_json()["replies"]
    assert replies and replies[0]["quick_replies"]


def test_the_same_message_id_twice_is_answered_once(make_app):
    app = make_app()
    client = browser(app)
    post(client, "tam tru", "m1")
    post(client, "tam tru", "m1")
    worker_of(app).process_due()
    replies = client.get("/simulator/replies?after=0").get_json()["replies"]
    assert len(replies) == 1


def test_another_browser_cannot_read_a_chat_even_knowing_its_user_id(make_app):
    app = make_app()
    mine = browser(app)
    user_id = post(mine, "tam tru", "m1").get_json()["user_id"]
    worker_of(app).process_due()
    theirs = browser(app)
    spying = theirs.get(f"/simulator/replies?user_id={user_id}&after=0").get_json()
    assert spying["user_id"] != user_id and spying["replies"] == []
    assert app.test_client().get("/simulator/replies?after=0").status_code == 403
    assert mine.get("/simulator/replies?after=0").get_json()["replies"]


def test_bad_simulator_input_gets_400_and_no_secret_gets_403(make_app):
    app = make_app()
    client = browser(app)
    assert client.post("/simulator/messages", data=b"not json").status_code == 400
    assert post(client, "x" * 2001, "m1").status_code == 400
    assert post(client, "hi", "../etc").status_code == 400
    assert client.get("/simulator/replies?after=abc").status_code == 400
    assert post(app.test_client(), "hi", "m1").status_code == 403


def test_posting_too_fast_is_refused_for_a_while(make_app):
    app = make_app(SIMULATOR_MESSAGES_PER_MINUTE="3")
    client = browser(app)
    statuses = [post(client, "hi", f"m{n}").status_code for n in range(5)]
    assert statuses == [202, 202, 202, 429, 429]


def test_the_page_is_served_with_its_secret_and_hardened_headers(make_app):
    response = make_app().test_client().get("/simulator")
    assert response.status_code == 200
    assert "Trợ lý hỏi đáp pháp luật" in response.get_data(as_text=True)
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_simulator_is_off_by_default_once_a_platform_is_configured(make_app):
    assert make_app(**FACEBOOK_ENV).test_client().get("/simulator").status_code == 404
    on = make_app(**FACEBOOK_ENV, SIMULATOR_ENABLED="true")
    assert on.test_client().get("/simulator").status_code == 200
    assert make_app().test_client().get("/simulator").status_code == 200


def test_browsing_by_field_in_the_simulator_reaches_an_answer_without_typing(make_app):
    app = make_app()
    client = browser(app)

    def tap(title, payload, message_id):
        post(client, title, message_id, payload=payload)
        worker_of(app).process_due()
        return client.get("/simulator/replies?after=0").get_json()["replies"][-1]

    fields = tap("Chủ đề khác", "ALL_FIELDS", "m1")
    field = next(r for r in fields["quick_replies"] if r["payload"].startswith("FIELD:"))
    entries = tap(field["title"], field["payload"], "m2")
    entry = next(r for r in entries["quick_replies"] if r["payload"].startswith("FAQ:"))
    answer = tap(entry["title"], entry["payload"], "m3")
    assert "Căn cứ:" in answer["text"]


def test_a_trailing_slash_leads_to_the_chat_page(make_app):
    client = make_app().test_client()
    response = client.get("/simulator/")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/simulator")
    assert client.get("/simulator/", follow_redirects=True).status_code == 200


def test_the_home_page_names_the_product_and_links_the_chat_and_the_console(make_app):
    response = make_app().test_client().get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Trợ lý hỏi đáp pháp luật" in page
    assert 'href="/simulator"' in page and 'href="/console"' in page
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_home_page_has_no_chat_link_while_the_chat_is_off(make_app):
    page = make_app(**FACEBOOK_ENV).test_client().get("/").get_data(as_text=True)
    assert 'href="/console"' in page and 'href="/simulator"' not in page
    assert make_app(**FACEBOOK_ENV).test_client().get("/simulator/").status_code == 404


def test_stop_typed_while_changing_commune_unsubscribes_in_the_chat(make_app):
    app = make_app()
    client = browser(app)
    step = iter(range(100))

    def say(text):
        post(client, text, f"m{next(step)}")
        worker_of(app).process_due()
        return client.get("/simulator/replies?after=0").get_json()["replies"][-1]["text"]

    prompt = say("đăng ký nhận tin")
    assert "ví dụ: Phường" in prompt and "Ta Tong" not in prompt
    say("phuong hoan kiem")
    assert "Đăng ký thành công" in say("xong")
    say("đổi xã")
    assert "Phường Hoàn Kiếm" in say("tôi đã đăng ký gì")
    say("đổi xã")
    assert "Đã hủy đăng ký" in say("dừng")
