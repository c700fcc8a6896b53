"""The worker: retries with backoff, waits on rate limits, keeps each user's replies in
order, resumes split replies, survives assistant failures, shows typing on slow replies."""

import json
import threading

import pytest
import requests
import responses

from bot import replies
from tests.server.support import (
    FACEBOOK_ENV,
    FACEBOOK_SEND_URL,
    database_of,
    drain,
    facebook_text_event,
    outbox_rows,
    post_facebook,
    worker_of,
)
from tests.timing import Clock, wait_until


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(make_app, clock):
    return make_app(clock=clock, **FACEBOOK_ENV)


@responses.activate
def test_a_platform_outage_is_retried_with_backoff_until_it_succeeds(app, clock):
    responses.post(FACEBOOK_SEND_URL, status=500, json={"error": {"code": 2, "message": "down"}})
    responses.post(FACEBOOK_SEND_URL, body=requests.ConnectionError("refused"))
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    post_facebook(app.test_client(), facebook_text_event("tam tru", "m_1"))
    worker_of(app).process_due()
    [row] = outbox_rows(app)
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["next_attempt_at"] > clock.now
    drain(app, clock)
    assert len(responses.calls) == 3
    [row] = outbox_rows(app)
    assert (row["status"], row["attempts"]) == ("sent", 2)


@responses.activate
def test_a_rate_limit_waits_for_retry_after_before_trying_again(app, clock):
    responses.post(FACEBOOK_SEND_URL, status=429, headers={"Retry-After": "30"}, json={})
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    post_facebook(app.test_client(), facebook_text_event("tam tru", "m_1"))
    worker_of(app).process_due()
    [row] = outbox_rows(app)
    # Retry-After is honoured up to RETRY_MAX_SECONDS (0.05 s in these tests).
    assert row["next_attempt_at"] == pytest.approx(clock.now + 0.05)
    clock.advance(0.04)
    worker_of(app).process_due()
    assert len(responses.calls) == 1
    clock.now = row["next_attempt_at"]
    worker_of(app).process_due()
    assert len(responses.calls) == 2


@responses.activate
def test_a_send_that_keeps_failing_is_given_up_after_the_retry_period(make_app, clock):
    half_a_second = str(0.5 / 3600)
    app = make_app(clock=clock, **FACEBOOK_ENV, REPLY_RETRY_HOURS=half_a_second)
    responses.post(FACEBOOK_SEND_URL, status=503, json={})
    post_facebook(app.test_client(), facebook_text_event("tam tru", "m_1"))
    drain(app, clock)
    [row] = outbox_rows(app)
    assert row["status"] == "failed" and "503" in row["error"]
    # Retries of at most 0.05 s over half a second: more than a count-bounded policy's 8.
    assert len(responses.calls) > 8


@responses.activate
def test_an_outage_longer_than_many_attempts_still_delivers_every_reply(make_app, clock):
    """A platform down for far longer than eight quick attempts (seconds here, with the
    tests' short backoff): the default 24-hour retry period outlasts it."""
    app = make_app(clock=clock, **FACEBOOK_ENV)
    outage_ends = clock.now + 1.5

    def platform(request):
        if clock.now < outage_ends:
            return 503, {}, json.dumps({"error": {"message": "down", "code": 2}})
        return 200, {}, json.dumps({"message_id": "m_out"})

    responses.add_callback(responses.POST, FACEBOOK_SEND_URL, callback=platform)
    client = app.test_client()
    for n in range(3):
        post_facebook(client, facebook_text_event("tam tru", f"m_{n}", sender=f"PSID-{n}"))
    drain(app, clock)
    rows = outbox_rows(app)
    assert len(rows) == 3 and {row["status"] for row in rows} == {"sent"}
    assert max(row["attempts"] for row in rows) > 8


@responses.activate
def test_later_messages_wait_for_an_earlier_reply_so_order_is_kept(app, clock):
    responses.post(FACEBOOK_SEND_URL, status=500, json={})
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    client = app.test_client()
    post_facebook(client, facebook_text_event("tam tru", "m_1"))
    worker_of(app).process_due()
    post_facebook(client, facebook_text_event("xin chào", "m_2"))
    worker_of(app).process_due()
    assert len(outbox_rows(app)) == 1  # the second message is not answered yet
    drain(app, clock)
    texts = [json.loads(call.request.body)["message"]["text"] for call in responses.calls[1:]]
    assert "Trả lời về Đăng ký tạm trú." in texts[0]
    assert replies.GREETING.split(".")[0] in texts[1]


@responses.activate
def test_a_split_reply_resumes_at_the_first_part_not_sent(app):
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    post_facebook(app.test_client(), facebook_text_event("tam tru", "m_1"))
    database = database_of(app)
    # Record a three-part reply whose first part already went out before a crash.
    worker_of(app).process_due()
    responses.calls.reset()
    parts = [{"recipient": {"id": "PSID-1"}, "message": {"text": f"phần {n}"}} for n in (1, 2, 3)]
    database.execute(
        "UPDATE outbox SET bodies = ?, parts_sent = 1, status = 'pending'",
        (json.dumps(parts),),
    )
    database.conn.commit()
    worker_of(app).process_due()
    assert [json.loads(c.request.body)["message"]["text"] for c in responses.calls] == [
        "phần 2",
        "phần 3",
    ]


@responses.activate
def test_an_assistant_failure_gets_an_apology_not_silence(app):
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    post_facebook(app.test_client(), facebook_text_event("crash", "m_1"))
    worker_of(app).process_due()
    [call] = responses.calls
    assert json.loads(call.request.body)["message"]["text"] == replies.INTERNAL_ERROR
    [row] = database_of(app)["inbox"].rows
    assert (row["status"], row["error"]) == ("answered", "RuntimeError")


@responses.activate
def test_a_forwarded_question_is_stored_with_the_turn(app):
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    client = app.test_client()
    post_facebook(client, facebook_text_event("gặp cán bộ", "m_1"))
    worker_of(app).process_due()
    post_facebook(client, facebook_text_event("Nhà tôi bị hàng xóm lấn đất thì sao?", "m_2"))
    worker_of(app).process_due()
    [question] = database_of(app)["forwarded_questions"].rows
    assert question["question"] == "Nhà tôi bị hàng xóm lấn đất thì sao?"
    assert question["channel"] == "facebook"


@responses.activate
def test_a_slow_reply_is_preceded_by_typing_on(make_app, parser):
    app = make_app(**FACEBOOK_ENV, TYPING_DELAY_SECONDS="0.05")
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    parser.gate.clear()
    threading.Timer(0.5, parser.gate.set).start()
    post_facebook(app.test_client(), facebook_text_event("tam tru", "m_1"))
    worker_of(app).process_due()
    bodies = [json.loads(call.request.body) for call in responses.calls]
    assert bodies[0] == {"recipient": {"id": "PSID-1"}, "sender_action": "typing_on"}
    assert "Đăng ký tạm trú" in bodies[1]["message"]["text"]


@responses.activate
def test_a_fast_reply_has_no_typing_indicator(app):
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    post_facebook(app.test_client(), facebook_text_event("tam tru", "m_1"))
    worker_of(app).process_due()
    assert len(responses.calls) == 1


@responses.activate
def test_the_background_worker_answers_without_being_driven(make_app):
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    app = make_app(start_background=True, **FACEBOOK_ENV)
    client = app.test_client()
    wait_until(lambda: client.get("/readyz").status_code == 200, what="the model to load")
    for number in range(5):
        post_facebook(client, facebook_text_event("tam tru", f"m_{number}", sender=f"U{number}"))
    wait_until(lambda: len(responses.calls) >= 5, what="five replies")
    assert {json.loads(c.request.body)["recipient"]["id"] for c in responses.calls} == {
        f"U{number}" for number in range(5)
    }
