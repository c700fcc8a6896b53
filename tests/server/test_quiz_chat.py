"""A legal quiz taken through the server: the simulator, and signed Messenger and Zalo
webhooks (platforms faked with ``responses``). The assistant runs on the scripted parser;
``tests/quizzes/test_quiz_model.py`` takes the same path with the real model."""

import datetime as dt
import json

import pytest
import responses

from broadcasts.model import Status
from broadcasts.store import BroadcastStore
from kernel.identity import Officer, Role
from quizzes.invitations import invite
from quizzes.store import QuizStore
from server.services import services_of
from tests.quizzes.support import quiz
from tests.server.support import (
    FACEBOOK_ENV,
    FACEBOOK_SEND_URL,
    ZALO_ENV,
    ZALO_SEND_URL,
    database_of,
    facebook_text_event,
    outbox_rows,
    post_facebook,
    post_zalo,
    worker_of,
    zalo_text_event,
)
from tests.server.test_simulator import browser, post

AUTHOR = Officer("truyenthong", Role.COMMUNICATION_OFFICER)
APPROVER = Officer("lanhdao", Role.COMMUNICATION_OFFICER)


def open_quiz(app):
    now = dt.datetime.now(dt.timezone.utc)
    store = QuizStore(services_of(app).database)
    created = store.create(
        quiz(starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=1)), AUTHOR
    )
    return store.approve(created.id, APPROVER)


def scores(app) -> list[int]:
    return [row["score"] for row in database_of(app)["quiz_attempts"].rows]


def answer_count(app) -> int:
    return database_of(app)["quiz_answers"].count


class SimulatorChat:
    def __init__(self, app) -> None:
        self.app = app
        self.client = browser(app)
        self.last = 0
        self.sent = 0

    def say(self, text: str, payload: str | None = None) -> list[dict]:
        self.sent += 1
        post(self.client, text, f"s{self.sent}", payload=payload)
        worker_of(self.app).process_due()
        replies = self.client.get(f"/simulator/replies?after={self.last}").get_json()["replies"]
        if replies:
            self.last = replies[-1]["id"]
        return replies


def joined(replies: list[dict]) -> str:
    return "\n\n".join(reply["text"] for reply in replies)


def test_the_simulator_takes_the_quiz_answers_a_question_mid_quiz_and_resumes(make_app):
    app = make_app()
    quiz_id = open_quiz(app).id
    chat = SimulatorChat(app)
    started = chat.say("Thi tìm hiểu pháp luật")
    assert "Câu 1/3" in joined(started)
    first_button = started[-1]["quick_replies"][1]
    assert first_button["title"] == "B. 30 ngày"
    assert "Chính xác" in joined(chat.say(first_button["title"], first_button["payload"]))
    interrupted = chat.say("tam tru")
    assert "Trả lời về Đăng ký tạm trú." in interrupted[0]["text"]
    assert interrupted[0]["quick_replies"] == []
    assert "Tiếp tục cuộc thi" in interrupted[-1]["text"]
    assert [r["title"] for r in interrupted[-1]["quick_replies"]] == ["Đúng", "Sai"]
    assert "Chính xác" in joined(chat.say("1"))  # the number of the quiz's own button
    assert "tạm dừng" in joined(chat.say("dừng")).lower()
    assert database_of(app)["subscribers"].count == 0  # "dừng" paused, nothing else
    assert "Câu 3/3" in joined(chat.say("thi tim hieu phap luat"))
    finished = chat.say("a")
    assert "đúng 3/3 câu" in joined(finished)
    assert "Cảm ơn" in joined(chat.say("Hữu ích", "QUIZ:rate.1"))
    [attempt] = database_of(app)["quiz_attempts"].rows
    assert (attempt["quiz_id"], attempt["score"], attempt["rating"]) == (quiz_id, 3, 1)


def test_the_menu_button_starts_the_quiz(make_app):
    app = make_app()
    open_quiz(app)
    chat = SimulatorChat(app)
    assert "Câu 1/3" in joined(chat.say("Thi tìm hiểu pháp luật", "QUIZ:start"))


@pytest.fixture
def facebook_app(make_app):
    return make_app(**FACEBOOK_ENV)


def facebook_quick_reply(payload: str, mid: str) -> dict:
    event = facebook_text_event("B", mid)
    event["entry"][0]["messaging"][0]["message"]["quick_reply"] = {"payload": payload}
    return event


@responses.activate
def test_messenger_gets_short_buttons_for_long_options_and_counts_a_retried_webhook_once(
    facebook_app,
):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m_out"})
    app = facebook_app
    question = open_quiz(app).questions[0]
    client = app.test_client()
    post_facebook(client, facebook_text_event("thi tìm hiểu pháp luật", "m_1"))
    worker_of(app).process_due()
    asked = json.loads(responses.calls[-1].request.body)["message"]
    assert [r["title"] for r in asked["quick_replies"]] == [
        "A. 15 ngày",
        "B. 30 ngày",
        "C. 60 ngày",
        "D. Không cần",
    ]
    assert all(len(r["title"]) <= 20 for r in asked["quick_replies"])
    tap = facebook_quick_reply(f"QUIZ:a.{question.id}.1", "m_2")
    for _ in range(3):
        assert post_facebook(client, tap).status_code == 200
    worker_of(app).process_due()
    assert answer_count(app) == 1
    assert scores(app) == [1]
    next_question = json.loads(responses.calls[-1].request.body)["message"]
    assert "Chính xác" in next_question["text"]
    assert [r["title"] for r in next_question["quick_replies"]] == ["Đúng", "Sai"]
    post_facebook(client, facebook_text_event("đúng", "m_3"))
    worker_of(app).process_due()
    third = json.loads(responses.calls[-1].request.body)["message"]
    assert "A. Cảnh cáo hoặc phạt tiền" in third["text"]
    assert [r["title"] for r in third["quick_replies"]] == ["A", "B", "C"]


@pytest.fixture
def zalo_app(make_app):
    return make_app(**ZALO_ENV)


@responses.activate
def test_zalo_takes_typed_answers_and_counts_a_retried_webhook_once(zalo_app):
    responses.post(ZALO_SEND_URL, json={"error": 0, "data": {"message_id": "z-out"}})
    app = zalo_app
    open_quiz(app)
    client = app.test_client()
    post_zalo(client, zalo_text_event("thi tim hieu phap luat", "z-1"))
    worker_of(app).process_due()
    asked = json.loads(responses.calls[-1].request.body)["message"]["text"]
    assert "Câu 1/3" in asked
    assert "gõ số thứ tự" in asked
    answer = zalo_text_event("đáp án b", "z-2")
    for _ in range(2):
        assert post_zalo(client, answer).status_code == 200
    worker_of(app).process_due()
    assert answer_count(app) == 1
    assert scores(app) == [1]
    post_zalo(client, zalo_text_event("2", "z-3"))  # the second button: "Sai"
    worker_of(app).process_due()
    reply = json.loads(responses.calls[-1].request.body)["message"]["text"]
    assert "Chưa đúng. Đáp án đúng: Đúng" in reply
    assert "Câu 3/3" in reply
    assert scores(app) == [1]


@responses.activate
def test_an_invitation_held_outside_the_window_follows_the_users_next_message(facebook_app):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m_out"})
    app = facebook_app
    services = services_of(app)
    services.subscriptions.subscribe("facebook", "PSID-1", "00070", ("general_public",))
    broadcasts = BroadcastStore(services.database)
    invitation_id, due_now = invite(
        open_quiz(app), AUTHOR, APPROVER, broadcasts, dt.datetime.now(dt.timezone.utc)
    )
    assert due_now
    assert services.engine.run(invitation_id) is Status.DONE
    deliveries = database_of(app)["deliveries"]
    assert [row["status"] for row in deliveries.rows] == ["held"]  # never wrote: no window
    assert len(responses.calls) == 0

    post_facebook(app.test_client(), facebook_text_event("tam tru", "m_1"))
    worker_of(app).process_due()

    rows = outbox_rows(app)
    assert len(rows) == 2
    assert "Trả lời về Đăng ký tạm trú." in rows[0]["text"]
    assert "Mời tham gia cuộc thi: Tìm hiểu Luật Cư trú" in rows[1]["text"]
    assert "thi tìm hiểu pháp luật" in rows[1]["text"]
    assert "QUIZ:start" in [reply["payload"] for reply in json.loads(rows[1]["quick_replies"])]
    assert [row["status"] for row in deliveries.rows] == ["released"]
    post_facebook(app.test_client(), facebook_quick_reply("QUIZ:start", "m_2"))
    worker_of(app).process_due()
    assert "Câu 1/3" in outbox_rows(app)[-1]["text"]
    assert len(outbox_rows(app)) == 3  # the invitation is not repeated
