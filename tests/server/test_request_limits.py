"""Limits on one request: events per Messenger delivery, characters per message, and
signed bodies that are JSON yet cannot be stored all get a 4xx, never a 500."""

import json

import pytest
import responses

from bot import replies
from server.inbox import MAX_TEXT_CHARS
from server.services import services_of
from tests.server.support import (
    FACEBOOK_ENV,
    FACEBOOK_SEND_URL,
    facebook_headers,
    facebook_text_event,
    outbox_rows,
    post_facebook,
    worker_of,
)


def post_signed(client, raw: bytes):
    return client.post("/webhooks/facebook", data=raw, headers=facebook_headers(raw))


def test_a_delivery_with_more_events_than_meta_batches_is_refused_and_stores_nothing(make_app):
    app = make_app(**FACEBOOK_ENV)
    event = facebook_text_event("tam tru", "m_0")
    template = event["entry"][0]["messaging"][0]
    event["entry"][0]["messaging"] = [
        {**template, "message": {"mid": f"m_{n}", "text": "tam tru"}} for n in range(5000)
    ]
    assert post_facebook(app.test_client(), event).status_code == 413
    assert services_of(app).database.db.execute("SELECT COUNT(*) FROM inbox").fetchone() == (0,)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"object": "page", "entry": [{"messaging": [{"sender": {"id": "a\\ud800b"}}]}]}',
        b'{"object": "page", "entry": [], "n": ' + b"9" * 5000 + b"}",
        b'{"object": "page", "entry": ' + b"[" * 980 + b"]" * 980 + b"}",
    ],
    ids=["lone-surrogate", "huge-integer", "deep-nesting"],
)
def test_signed_bodies_that_cannot_be_stored_get_400(make_app, raw):
    app = make_app(**FACEBOOK_ENV)
    assert post_signed(app.test_client(), raw).status_code == 400


def test_the_simulator_refuses_a_lone_surrogate_with_400(make_app):
    client = make_app().test_client()
    client.get("/simulator")
    raw = b'{"message_id": "m1", "text": "a\\ud800b"}'
    response = client.post(
        "/simulator/messages", data=raw, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400


@responses.activate
def test_a_huge_message_is_cut_before_the_model_and_the_citizen_is_told(make_app, parser):
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    app = make_app(**FACEBOOK_ENV, MAX_BODY_BYTES=str(4 * 1024 * 1024))
    huge = "tam tru " * 250_000  # 2 MB
    assert post_facebook(app.test_client(), facebook_text_event(huge, "m_big")).status_code == 200
    worker_of(app).process_due()
    assert parser.parsed and max(len(text) for text in parser.parsed) <= MAX_TEXT_CHARS
    texts = [json.loads(call.request.body)["message"]["text"] for call in responses.calls]
    assert texts[0] == replies.TEXT_CUT
    assert [row["status"] for row in outbox_rows(app)] == ["sent"] * len(outbox_rows(app))
