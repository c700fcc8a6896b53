"""The forwarded-questions inbox: routed to the commune's officials, claimed by one,
answered through the citizen's own channel (Messenger, asserted with responses)."""

import json
import time

import responses

from server.services import services_of
from tests.console.web_support import HOAN_KIEM, ConsoleClient, forward_question, simulator_replies
from tests.server.support import FACEBOOK_ENV, FACEBOOK_SEND_URL, post_facebook


def facebook_question(app, text: str) -> int:
    client = app.test_client()
    stamp = int(time.time() * 1000)
    for mid, message in (("m-ask", "gặp cán bộ"), ("m-q", text)):
        event = {"object": "page", "entry": [{"id": "PAGE", "time": stamp, "messaging": [{
            "sender": {"id": "PSID-7"}, "recipient": {"id": "PAGE"}, "timestamp": stamp,
            "message": {"mid": mid, "text": message}}]}]}  # fmt: skip
        assert post_facebook(client, event).status_code == 200
    services_of(app).worker.process_due()
    (question_id,) = (
        services_of(app)
        .database.db.execute("SELECT id FROM forwarded_questions WHERE user_id = 'PSID-7'")
        .fetchone()
    )
    return question_id


@responses.activate
def test_an_official_answers_and_the_citizen_receives_it_on_messenger(make_console):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-7", "message_id": "m"})
    app = make_console(**FACEBOOK_ENV)
    question_id = facebook_question(
        app, "Tôi ở phường Hoàn Kiếm, muốn hỏi về xây nhà trên đất vườn"
    )
    official = ConsoleClient(app, "lan")
    inbox = official.get("/console/questions").get_data(as_text=True)
    assert "muốn hỏi về xây nhà trên đất vườn" in inbox
    official.post(f"/console/questions/{question_id}/claim")
    before = len(responses.calls)
    response = official.post(
        f"/console/questions/{question_id}/answer",
        {"answer": "Bạn cần xin giấy phép xây dựng tại UBND phường (Luật Xây dựng 2014)."},
        follow_redirects=True,
    )
    assert "Đã gửi câu trả lời" in response.get_data(as_text=True)
    services_of(app).worker.process_due()
    bodies = [json.loads(call.request.body) for call in responses.calls[before:]]
    (answer,) = [body for body in bodies if "message" in body]
    assert answer["recipient"] == {"id": "PSID-7"} and answer["messaging_type"] == "RESPONSE"
    assert "xin giấy phép xây dựng tại UBND phường" in answer["message"]["text"]
    assert "— Cán bộ Lan" in answer["message"]["text"]
    page = official.get(f"/console/questions/{question_id}").get_data(as_text=True)
    assert "Đã gửi" in page
    actions = [e.action for e in app.extensions["console"].audit.entries(actor="lan")]
    assert actions[:2] == ["question_answer", "question_claim"]


def test_a_claimed_question_cannot_be_answered_by_someone_else(console_app):
    question_id = forward_question(console_app, "c1", "phường Hoàn Kiếm: hỏi về thừa kế")
    ConsoleClient(console_app, "lan").post(f"/console/questions/{question_id}/claim")
    other = ConsoleClient(console_app, "hoa")
    response = other.post(
        f"/console/questions/{question_id}/answer", {"answer": "Trả lời."}, follow_redirects=True
    )
    assert "đang do lan xử lý" in response.get_data(as_text=True)
    assert console_app.extensions["console"].questions.get(question_id).status == "claimed"


def test_a_question_without_a_commune_reaches_only_province_officers(console_app):
    question_id = forward_question(console_app, "c2", "hỏi chung về luật đất đai")
    assert console_app.extensions["console"].questions.get(question_id).commune_code is None
    assert (
        ConsoleClient(console_app, "lan").get(f"/console/questions/{question_id}").status_code
        == 403
    )
    assert (
        ConsoleClient(console_app, "thu").get(f"/console/questions/{question_id}").status_code
        == 200
    )


def test_closing_needs_a_reason(console_app):
    question_id = forward_question(console_app, "c3", "phường Hoàn Kiếm: câu hỏi trùng")
    official = ConsoleClient(console_app, "lan")
    official.post(f"/console/questions/{question_id}/close", {"reason": " "})
    assert console_app.extensions["console"].questions.get(question_id).status == "open"
    official.post(f"/console/questions/{question_id}/close", {"reason": "Trùng câu số 1"})
    closed = console_app.extensions["console"].questions.get(question_id)
    assert (closed.status, closed.closed_reason) == ("closed", "Trùng câu số 1")


def test_the_simulator_citizen_sees_the_officials_answer(console_app):
    question_id = forward_question(console_app, "c4", "phường Hoàn Kiếm: hỏi về đăng ký kết hôn")
    ConsoleClient(console_app, "lan").post(
        f"/console/questions/{question_id}/answer", {"answer": "Mang căn cước tới UBND phường."}
    )
    services_of(console_app).worker.process_due()
    texts = simulator_replies(console_app, "c4")
    assert any("Mang căn cước tới UBND phường." in text for text in texts)
    assert console_app.extensions["console"].questions.get(question_id).commune_code == HOAN_KIEM
