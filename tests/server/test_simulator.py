"""The simulator goes through the same inbox → assistant → outbox path as the platforms."""

from tests.server.support import worker_of


def post(client, text, message_id, payload=None, user_id="web-1"):
    body = {"user_id": user_id, "message_id": message_id, "text": text}
    if payload:
        body["payload"] = payload
    return client.post("/simulator/messages", json=body)


def test_a_question_typed_in_the_simulator_is_answered_from_the_outbox(make_app):
    app = make_app()
    client = app.test_client()
    assert post(client, "tam tru", "m1").status_code == 202
    worker_of(app).process_due()
    replies = client.get("/simulator/replies?user_id=web-1&after=0").get_json()["replies"]
    assert len(replies) == 1
    assert "Trả lời về Đăng ký tạm trú." in replies[0]["text"]
    assert [r["title"] for r in replies[0]["quick_replies"]][:2] == ["Hữu ích", "Chưa hữu ích"]
    later = client.get(f"/simulator/replies?user_id=web-1&after={replies[0]['id']}")
    assert later.get_json()["replies"] == []


def test_a_quick_reply_tap_is_sent_as_its_payload(make_app):
    app = make_app()
    client = app.test_client()
    post(client, "Bắt đầu", "m1", payload="GET_STARTED")
    worker_of(app).process_due()
    replies = client.get("/simulator/replies?user_id=web-1&after=0").get_json()["replies"]
    assert replies and replies[0]["quick_replies"]


def test_the_same_message_id_twice_is_answered_once(make_app):
    app = make_app()
    client = app.test_client()
    post(client, "tam tru", "m1")
    post(client, "tam tru", "m1")
    worker_of(app).process_due()
    replies = client.get("/simulator/replies?user_id=web-1&after=0").get_json()["replies"]
    assert len(replies) == 1


def test_bad_simulator_input_gets_400(make_app):
    client = make_app().test_client()
    assert client.post("/simulator/messages", data=b"not json").status_code == 400
    assert post(client, "x" * 2001, "m1").status_code == 400
    assert post(client, "hi", "m1", user_id="../etc").status_code == 400
    assert client.get("/simulator/replies?user_id=web-1&after=abc").status_code == 400


def test_the_page_is_served(make_app):
    response = make_app().test_client().get("/simulator")
    assert response.status_code == 200
    assert "Trợ lý hỏi đáp pháp luật" in response.get_data(as_text=True)
