"""A forwarded question is routed by field and commune, and an official's answer reaches
the citizen on their own channel by the platform's rules, through the outbox."""

import json
import time

import pytest
import responses

from handoff.delivery_rules import AnswerRoute
from kernel.identity import Officer, Role
from kernel.rules import RuleViolation
from server.services import services_of
from tests.server.support import (
    FACEBOOK_ENV,
    FACEBOOK_SEND_URL,
    ZALO_ENV,
    ZALO_SEND_URL,
    database_of,
    drain,
    facebook_text_event,
    post_facebook,
    post_zalo,
    worker_of,
    zalo_text_event,
)
from tests.timing import Clock

OFFICIAL = Officer("lan", Role.COMMUNE_OFFICIAL, frozenset({"00070"}))
HOAN_KIEM = "00070"
BA_DINH = "00004"


def facebook_at(text: str, mid: str, seconds_ago: float, sender: str = "PSID-1") -> dict:
    event = facebook_text_event(text, mid, sender)
    stamp = int((time.time() - seconds_ago) * 1000)
    event["entry"][0]["messaging"][0]["timestamp"] = stamp
    return event


def forward_from_facebook(app, question: str, seconds_ago: float = 60) -> dict:
    client = app.test_client()
    assert post_facebook(client, facebook_at("gặp cán bộ", "m-ask", seconds_ago)).status_code == 200
    assert (
        post_facebook(client, facebook_at(question, "m-question", seconds_ago)).status_code == 200
    )
    worker_of(app).process_due()
    rows = list(database_of(app)["forwarded_questions"].rows_where(order_by="id"))
    assert len(rows) == 1
    return rows[0]


def answers(app):
    return services_of(app).answers


def sent_bodies() -> list[dict]:
    return [json.loads(call.request.body) for call in responses.calls]


@responses.activate
def test_a_question_naming_a_commune_goes_to_that_commune(make_app):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m"})
    app = make_app(**FACEBOOK_ENV)
    row = forward_from_facebook(app, "Tôi ở phường Ba Đình, hàng xóm lấn đất thì làm sao")
    assert (row["commune_code"], row["commune_source"]) == (BA_DINH, "named")
    assert row["status"] == "open"


@responses.activate
def test_a_question_without_a_commune_goes_to_the_subscribed_one(make_app):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m"})
    app = make_app(**FACEBOOK_ENV)
    services_of(app).subscriptions.subscribe("facebook", "PSID-1", HOAN_KIEM, ("general_public",))
    row = forward_from_facebook(app, "tam tru")
    assert (row["commune_code"], row["commune_source"]) == (HOAN_KIEM, "subscription")
    # "tam tru" ranks the temporary-residence FAQ first: the residence field's officials.
    assert row["field_code"] == "cu_tru_can_cuoc"


@responses.activate
def test_an_answer_within_a_day_goes_out_as_a_response(make_app):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m"})
    app = make_app(**FACEBOOK_ENV)
    row = forward_from_facebook(app, "Hàng xóm xây lấn sang đất nhà tôi")
    before = len(responses.calls)
    decision = answers(app).answer(row["id"], OFFICIAL, "Bạn nộp đơn tại UBND xã.", "Cán bộ Lan")
    assert decision.route is AnswerRoute.SEND
    worker_of(app).process_due()
    body = sent_bodies()[before]
    assert body["messaging_type"] == "RESPONSE" and "tag" not in body
    assert "Bạn nộp đơn tại UBND xã." in body["message"]["text"]
    assert "Hàng xóm xây lấn sang đất nhà tôi" in body["message"]["text"]
    assert "— Cán bộ Lan" in body["message"]["text"]
    assert answers(app).delivery(row["id"]) == ("sent", None)


@responses.activate
def test_an_answer_after_two_days_carries_the_human_agent_tag(make_app):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m"})
    app = make_app(**FACEBOOK_ENV)
    row = forward_from_facebook(app, "Hàng xóm xây lấn sang đất nhà tôi", seconds_ago=2 * 86400)
    before = len(responses.calls)
    decision = answers(app).answer(row["id"], OFFICIAL, "Trả lời của cán bộ.", "Cán bộ Lan")
    assert decision.route is AnswerRoute.SEND_HUMAN_AGENT
    worker_of(app).process_due()
    body = sent_bodies()[before]
    assert (body["messaging_type"], body["tag"]) == ("MESSAGE_TAG", "HUMAN_AGENT")


@responses.activate
def test_without_the_human_agent_feature_a_late_answer_is_held(make_app):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m"})
    app = make_app(FACEBOOK_HUMAN_AGENT="false", **FACEBOOK_ENV)
    row = forward_from_facebook(app, "Hàng xóm xây lấn sang đất nhà tôi", seconds_ago=2 * 86400)
    decision = answers(app).answer(row["id"], OFFICIAL, "Trả lời của cán bộ.", "Cán bộ Lan")
    assert decision.route is AnswerRoute.HOLD
    assert "HUMAN_AGENT" in decision.reason


@responses.activate
def test_an_answer_after_a_week_is_held_then_follows_the_next_reply(make_app):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m"})
    app = make_app(**FACEBOOK_ENV)
    row = forward_from_facebook(app, "Hàng xóm xây lấn sang đất nhà tôi", seconds_ago=8 * 86400)
    before = len(responses.calls)
    decision = answers(app).answer(row["id"], OFFICIAL, "Trả lời muộn của cán bộ.", "Cán bộ Lan")
    assert decision.route is AnswerRoute.HOLD
    worker_of(app).process_due()
    assert len(responses.calls) == before  # nothing may be pushed after 7 days
    assert answers(app).delivery(row["id"])[0] == "held"

    post_facebook(app.test_client(), facebook_at("xin chào", "m-back", 5))
    worker_of(app).process_due()
    texts = [body["message"]["text"] for body in sent_bodies()[before:] if "message" in body]
    assert any("Trả lời muộn của cán bộ." in text for text in texts)
    assert answers(app).delivery(row["id"])[0] == "released"
    # Released once: a later message does not bring it again.
    post_facebook(app.test_client(), facebook_at("xin chào", "m-again", 1))
    worker_of(app).process_due()
    again = [body["message"]["text"] for body in sent_bodies()[before:] if "message" in body]
    assert sum("Trả lời muộn của cán bộ." in text for text in again) == 1


@responses.activate
def test_a_zalo_answer_is_a_consultation_message_within_48_hours(make_app):
    responses.post(
        ZALO_SEND_URL, json={"error": 0, "message": "Success", "data": {"message_id": "z"}}
    )
    app = make_app(**ZALO_ENV)
    client = app.test_client()
    assert post_zalo(client, zalo_text_event("gặp cán bộ", "z-1")).status_code == 200
    assert post_zalo(client, zalo_text_event("Hỏi về chia thừa kế đất", "z-2")).status_code == 200
    worker_of(app).process_due()
    (row,) = database_of(app)["forwarded_questions"].rows_where()
    before = len(responses.calls)
    decision = answers(app).answer(row["id"], OFFICIAL, "Cán bộ trả lời về thừa kế.", "Cán bộ Lan")
    assert decision.route is AnswerRoute.SEND
    worker_of(app).process_due()
    body = sent_bodies()[before]
    assert body["recipient"] == {"user_id": "2512523625412515"}
    assert "Cán bộ trả lời về thừa kế." in body["message"]["text"]


@responses.activate
def test_a_platform_outage_is_retried_until_the_answer_goes_out(make_app):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m"})
    clock = Clock()
    app = make_app(clock=clock, **FACEBOOK_ENV)
    row = forward_from_facebook(app, "Hàng xóm xây lấn sang đất nhà tôi")
    responses.replace(responses.POST, FACEBOOK_SEND_URL, status=503, json={})
    answers(app).answer(row["id"], OFFICIAL, "Trả lời sau sự cố.", "Cán bộ Lan")
    worker_of(app).process_due()
    assert answers(app).delivery(row["id"])[0] == "pending"
    responses.replace(
        responses.POST, FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m"}
    )
    drain(app, clock)
    assert answers(app).delivery(row["id"])[0] == "sent"


@responses.activate
def test_answering_twice_is_refused(make_app):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m"})
    app = make_app(**FACEBOOK_ENV)
    row = forward_from_facebook(app, "Hàng xóm xây lấn sang đất nhà tôi")
    answers(app).answer(row["id"], OFFICIAL, "Lần một.", "Cán bộ Lan")
    with pytest.raises(RuleViolation):
        answers(app).answer(row["id"], OFFICIAL, "Lần hai.", "Cán bộ Lan")
    outbox = (
        database_of(app)
        .execute(
            "SELECT COUNT(*) FROM outbox WHERE inbox_id = ? AND sequence = 1000", (row["inbox_id"],)
        )
        .fetchone()[0]
    )
    assert outbox == 1


def inbox_ratings(app) -> list[tuple]:
    return (
        database_of(app)
        .execute(
            "SELECT feedback_helpful, feedback_faq_id, feedback_question_id FROM inbox "
            "WHERE feedback_helpful IS NOT NULL ORDER BY id"
        )
        .fetchall()
    )


@responses.activate
def test_an_answer_asks_for_a_rating_and_a_tap_rates_that_answer(make_app):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m"})
    app = make_app(**FACEBOOK_ENV)
    row = forward_from_facebook(app, "Hàng xóm xây lấn sang đất nhà tôi")
    before = len(responses.calls)
    answers(app).answer(row["id"], OFFICIAL, "Bạn nộp đơn tại UBND xã.", "Cán bộ Lan")
    worker_of(app).process_due()
    message = sent_bodies()[before]["message"]
    assert message["text"].endswith("Câu trả lời có hữu ích với bạn không?")
    assert [reply["payload"] for reply in message["quick_replies"]] == [
        f"ANSWER_HELPFUL:{row['id']}",
        f"ANSWER_NOT_HELPFUL:{row['id']}",
    ]
    event = facebook_at("Chưa hữu ích", "m-rate", 1)
    event["entry"][0]["messaging"][0]["message"]["quick_reply"] = {
        "payload": f"ANSWER_NOT_HELPFUL:{row['id']}"
    }
    post_facebook(app.test_client(), event)
    worker_of(app).process_due()
    assert inbox_ratings(app) == [(0, None, row["id"])]
    assert "gặp cán bộ" in sent_bodies()[-1]["message"]["text"]


@responses.activate
def test_on_zalo_typing_the_number_of_a_rating_rates_the_officials_answer(make_app):
    responses.post(
        ZALO_SEND_URL, json={"error": 0, "message": "Success", "data": {"message_id": "z"}}
    )
    app = make_app(**ZALO_ENV)
    client = app.test_client()
    post_zalo(client, zalo_text_event("gặp cán bộ", "z-1"))
    post_zalo(client, zalo_text_event("Hỏi về chia thừa kế đất", "z-2"))
    worker_of(app).process_due()
    (row,) = database_of(app)["forwarded_questions"].rows_where()
    answers(app).answer(row["id"], OFFICIAL, "Cán bộ trả lời về thừa kế.", "Cán bộ Lan")
    worker_of(app).process_due()
    assert "1. Hữu ích" in sent_bodies()[-1]["message"]["text"]
    post_zalo(client, zalo_text_event("1", "z-3"))
    worker_of(app).process_due()
    assert inbox_ratings(app) == [(1, None, row["id"])]
