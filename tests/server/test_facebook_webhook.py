"""GET/POST /webhooks/facebook through the server: verification, signature, batches,
deduplication, replies through the Send API."""

import json
from pathlib import Path

import pytest
import responses

from tests.server.support import (
    FACEBOOK_ENV,
    FACEBOOK_SEND_URL,
    database_of,
    facebook_headers,
    facebook_text_event,
    outbox_rows,
    post_facebook,
    worker_of,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "facebook"


@pytest.fixture
def app(make_app):
    return make_app(**FACEBOOK_ENV)


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"payload_{name}.json").read_text(encoding="utf-8"))


def sent_bodies() -> list[dict]:
    return [json.loads(call.request.body) for call in responses.calls]


def test_subscription_verification_echoes_the_challenge_only_with_the_right_token(app):
    client = app.test_client()
    ok = client.get(
        "/webhooks/facebook?hub.mode=subscribe&hub.verify_token=fb-verify-token&hub.challenge=42"
    )
    assert (ok.status_code, ok.get_data(as_text=True)) == (200, "42")
    refused = client.get(
        "/webhooks/facebook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=42"
    )
    assert refused.status_code == 403


@responses.activate
def test_a_signed_message_is_answered_once_as_a_response(app):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m_out"})
    client = app.test_client()
    event = facebook_text_event("tam tru", "m_1")
    assert post_facebook(client, event).status_code == 200
    assert post_facebook(client, event).status_code == 200
    worker_of(app).process_due()
    [body] = sent_bodies()
    assert body["recipient"] == {"id": "PSID-1"}
    assert body["messaging_type"] == "RESPONSE"
    assert "tag" not in body
    assert "Trả lời về Đăng ký tạm trú." in body["message"]["text"]
    assert "access_token=fb-page-token" in responses.calls[0].request.url


@pytest.mark.parametrize("signature", [None, "sha256=" + "0" * 64, "sha1=abc", "sha256=not-hex"])
def test_a_missing_or_wrong_signature_is_refused_and_nothing_stored(app, signature):
    raw = json.dumps(facebook_text_event("tam tru", "m_1")).encode()
    headers = {"X-Hub-Signature-256": signature} if signature else {}
    assert (
        app.test_client().post("/webhooks/facebook", data=raw, headers=headers).status_code == 403
    )
    assert database_of(app)["inbox"].count == 0


def test_wrong_secret_and_altered_body_are_refused(app):
    raw = json.dumps(facebook_text_event("tam tru", "m_1")).encode()
    client = app.test_client()
    wrong = facebook_headers(raw, secret="someone-else")
    assert client.post("/webhooks/facebook", data=raw, headers=wrong).status_code == 403
    altered = raw.replace(b"tam tru", b"tam trU")
    assert (
        client.post("/webhooks/facebook", data=altered, headers=facebook_headers(raw)).status_code
        == 403
    )
    assert database_of(app)["inbox"].count == 0


@responses.activate
def test_every_event_of_a_batch_is_answered(app):
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    assert post_facebook(app.test_client(), fixture("batch")).status_code == 200
    worker_of(app).process_due()
    recipients = {body["recipient"]["id"] for body in sent_bodies()}
    expected = {
        event["sender"]["id"]
        for entry in fixture("batch")["entry"]
        for event in entry["messaging"]
        if "message" in event and not event["message"].get("is_echo")
    }
    assert recipients == expected
    assert len(expected) >= 3


def test_echoes_and_receipts_get_no_reply(app):
    client = app.test_client()
    for name in ("echo", "delivery", "read", "unknown_event"):
        assert post_facebook(client, fixture(name)).status_code == 200
    worker_of(app).process_due()
    assert outbox_rows(app) == []


@responses.activate
def test_a_get_started_postback_is_greeted_with_quick_replies(app):
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    post_facebook(app.test_client(), fixture("postback_get_started"))
    worker_of(app).process_due()
    [body] = sent_bodies()
    assert body["message"]["quick_replies"]
    assert all(len(reply["title"]) <= 20 for reply in body["message"]["quick_replies"])


def test_a_malformed_body_gets_400_and_an_oversized_one_413(make_app):
    app = make_app(**FACEBOOK_ENV, MAX_BODY_BYTES="4096")
    client = app.test_client()
    for raw in (b"{not json", b'{"object": "user"}', b"\xff\xfe"):
        assert (
            client.post("/webhooks/facebook", data=raw, headers=facebook_headers(raw)).status_code
            == 400
        )
    big = json.dumps(facebook_text_event("x" * 5000, "m_big")).encode()
    assert (
        client.post("/webhooks/facebook", data=big, headers=facebook_headers(big)).status_code
        == 413
    )
    assert database_of(app)["inbox"].count == 0
