"""The real trained model behind the real message path: webhook → inbox → assistant →
outbox → Send API / OA API (faked with ``responses``)."""

import json

import pytest
import responses

from server.services import services_of
from tests.server.support import (
    FACEBOOK_ENV,
    FACEBOOK_SEND_URL,
    ZALO_ENV,
    ZALO_SEND_URL,
    facebook_text_event,
    post_facebook,
    post_zalo,
    worker_of,
    zalo_text_event,
)

pytestmark = pytest.mark.model  # the real trained model: trained first if it is stale


@pytest.fixture
def app(make_settings, real_assistant_factory):
    from app import create_app

    # Both platforms for their webhooks; the simulator is then off by default, so ask for it.
    settings = make_settings(**FACEBOOK_ENV, **ZALO_ENV, SIMULATOR_ENABLED="true")
    app = create_app(settings, real_assistant_factory, start_background=False)
    services_of(app).holder.load()
    return app


@responses.activate
def test_a_facebook_question_without_diacritics_gets_the_sourced_answer(app):
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    post_facebook(app.test_client(), facebook_text_event("dang ky tam tru o dau", "m_1"))
    worker_of(app).process_due()
    texts = [json.loads(call.request.body)["message"]["text"] for call in responses.calls]
    answer = "\n".join(texts)
    assert "tạm trú" in answer.lower()
    assert "Căn cứ:" in answer
    assert all(len(text) <= 1900 for text in texts)


@responses.activate
def test_a_zalo_question_gets_the_answer_and_numbered_feedback_choices(app):
    responses.post(ZALO_SEND_URL, json={"error": 0, "data": {"message_id": "z1"}})
    post_zalo(app.test_client(), zalo_text_event("thủ tục đăng ký kết hôn", "z_1"))
    worker_of(app).process_due()
    texts = [json.loads(call.request.body)["message"]["text"] for call in responses.calls]
    answer = "\n".join(texts)
    assert "kết hôn" in answer.lower()
    assert "1. Hữu ích" in answer
    assert all(len(text) <= 2000 for text in texts)


@responses.activate
def test_an_off_topic_question_is_declined_not_answered(app):
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    post_facebook(app.test_client(), facebook_text_event("tối nay đội nào đá bóng", "m_1"))
    worker_of(app).process_due()
    answer = "\n".join(json.loads(c.request.body)["message"]["text"] for c in responses.calls)
    assert "Căn cứ:" not in answer


def test_subscribe_in_the_simulator_then_a_cli_broadcast_arrives_there_once(app, tmp_path):
    """The issue's path end to end: a follower subscribes by chatting with the real model;
    officers create, approve and send a new law with the CLI; it reaches the page once."""
    import os
    import subprocess
    from pathlib import Path

    from tests.commands import FLASK_APP

    client = app.test_client()
    client.get("/simulator")  # the page gives this browser its chat
    seen = {"after": 0, "sent": 0}

    def say(text, payload=None):
        seen["sent"] += 1
        body = {"message_id": f"m{seen['sent']}", "text": text}
        if payload:
            body["payload"] = payload
        assert client.post("/simulator/messages", json=body).status_code == 202
        worker_of(app).process_due()
        replies = client.get(f"/simulator/replies?after={seen['after']}")
        replies = replies.get_json()["replies"]
        seen["after"] = replies[-1]["id"]
        return replies[-1]

    assert "xã" in say("đăng ký nhận tin")["text"].lower()
    audiences = say("phuong hoan kiem")
    choice = next(r for r in audiences["quick_replies"] if "dân" in r["title"].lower())
    done = say(choice["title"], choice["payload"])
    finish = next(r for r in done["quick_replies"] if r["payload"].startswith("AUDIENCES_DONE"))
    assert "Hoàn Kiếm" in say(finish["title"], finish["payload"])["text"]

    settings = services_of(app).settings
    environment = {**os.environ, "DATABASE_PATH": str(settings.database_path),
                   "QUIET_HOURS": "00:00-00:00"}  # fmt: skip

    def cli(*arguments):
        result = subprocess.run(
            [*FLASK_APP, "broadcasts", *arguments],
            cwd=Path(__file__).resolve().parents[2], env=environment,
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        return result

    for name in ("thu", "minh"):
        assert cli("officers", "add", name, "--role", "communication_officer").returncode == 0
    created = cli("create", "new-law", "--as", "thu", "--title", "Luật Việc làm 2025",
                  "--number", "74/2025/QH15", "--summary", "Tham gia BHTN từ hợp đồng 1 tháng.")  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert cli("approve", "1", "--as", "minh").returncode == 0
    sent = cli("send-now", "1", "--as", "minh", "--quiet")
    assert sent.returncode == 0, sent.stderr
    assert cli("send-now", "1", "--as", "minh", "--quiet").returncode == 2  # already done

    news = client.get("/simulator/replies?after=0&after_news=0").get_json()["news"]
    assert len(news) == 1 and "Luật Việc làm 2025" in news[0]["text"]


@responses.activate
def test_a_question_forwarded_with_the_real_model_is_routed_by_field_and_commune(app):
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    client = app.test_client()
    post_facebook(client, facebook_text_event("gặp cán bộ", "m_1"))
    question = "Tôi ở phường Hoàn Kiếm, hàng xóm xây tường lấn sang đất nhà tôi thì làm sao"
    post_facebook(client, facebook_text_event(question, "m_2"))
    worker_of(app).process_due()
    rows = list(services_of(app).database.db["forwarded_questions"].rows)
    assert [(row["question"], row["commune_code"]) for row in rows] == [(question, "00070")]
    assert rows[0]["field_code"] == "dat_dai"
