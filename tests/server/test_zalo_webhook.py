"""POST /webhooks/zalo: signature, replay window, durable inbox, replies through the API."""

import json
import time
from pathlib import Path

import pytest
import responses

from tests.server.support import (
    ZALO_ENV,
    ZALO_OAUTH_URL,
    ZALO_SEND_URL,
    database_of,
    outbox_rows,
    post_zalo,
    worker_of,
    zalo_headers,
    zalo_text_event,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "zalo"


@pytest.fixture
def app(make_app):
    return make_app(**ZALO_ENV)


def inbox_count(app) -> int:
    return database_of(app)["inbox"].count


def fresh_fixture(name: str) -> dict:
    body = json.loads((FIXTURES / f"payload_{name}.json").read_text(encoding="utf-8"))
    body["timestamp"] = str(int(time.time() * 1000))
    return body


@responses.activate
def test_a_signed_question_is_stored_answered_and_sent_once(app):
    responses.post(ZALO_SEND_URL, json={"error": 0, "data": {"message_id": "z-out-1"}})
    client = app.test_client()
    assert post_zalo(client, zalo_text_event("tam tru", "msg-1")).status_code == 200
    worker_of(app).process_due()
    [call] = responses.calls
    body = json.loads(call.request.body)
    assert body["recipient"] == {"user_id": "2512523625412515"}
    assert "Trả lời về Đăng ký tạm trú." in body["message"]["text"]
    assert call.request.headers["access_token"] == ZALO_ENV["ZALO_ACCESS_TOKEN"]
    assert [row["status"] for row in outbox_rows(app)] == ["sent"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-ZEvent-Signature": "mac=" + "0" * 64},
        {"X-ZEvent-Signature": "garbage"},
    ],
)
def test_a_missing_or_wrong_signature_is_refused_and_nothing_stored(app, headers):
    raw = json.dumps(zalo_text_event("tam tru", "msg-1")).encode()
    response = app.test_client().post("/webhooks/zalo", data=raw, headers=headers)
    assert response.status_code == 403
    assert inbox_count(app) == 0


def test_a_signature_made_with_the_wrong_secret_is_refused(app):
    raw = json.dumps(zalo_text_event("tam tru", "msg-1")).encode()
    headers = zalo_headers(raw, secret=ZALO_ENV["ZALO_APP_SECRET"])
    assert app.test_client().post("/webhooks/zalo", data=raw, headers=headers).status_code == 403
    assert inbox_count(app) == 0


def test_a_body_altered_after_signing_is_refused(app):
    raw = json.dumps(zalo_text_event("tam tru", "msg-1")).encode()
    headers = zalo_headers(raw)
    altered = raw.replace(b"tam tru", b"tam tra")
    assert (
        app.test_client().post("/webhooks/zalo", data=altered, headers=headers).status_code == 403
    )
    assert inbox_count(app) == 0


def test_an_event_outside_the_replay_window_is_refused(app):
    event = zalo_text_event("tam tru", "msg-1")
    event["timestamp"] = str(int((time.time() - 3 * 3600) * 1000))
    assert post_zalo(app.test_client(), event).status_code == 403
    assert inbox_count(app) == 0


def test_the_signature_variant_is_a_setting(make_app):
    app = make_app(**ZALO_ENV, ZALO_SIGNATURE_VARIANT="oa_id+oa_secret_key")
    raw = json.dumps(zalo_text_event("tam tru", "msg-1")).encode()
    client = app.test_client()
    assert client.post("/webhooks/zalo", data=raw, headers=zalo_headers(raw)).status_code == 403
    headers = zalo_headers(raw, first_term=ZALO_ENV["ZALO_OA_ID"])
    assert client.post("/webhooks/zalo", data=raw, headers=headers).status_code == 200


@responses.activate
def test_a_redelivered_event_is_answered_once(app):
    responses.post(ZALO_SEND_URL, json={"error": 0, "data": {"message_id": "z-out-1"}})
    client = app.test_client()
    event = zalo_text_event("tam tru", "msg-1")
    for _ in range(3):
        assert post_zalo(client, event).status_code == 200
    worker_of(app).process_due()
    assert len(responses.calls) == 1


@responses.activate
def test_a_sticker_gets_a_polite_request_to_type_the_question(app):
    responses.post(ZALO_SEND_URL, json={"error": 0, "data": {"message_id": "z-out-1"}})
    assert post_zalo(app.test_client(), fresh_fixture("sticker")).status_code == 200
    worker_of(app).process_due()
    [call] = responses.calls
    assert "gõ" in json.loads(call.request.body)["message"]["text"].lower()


@responses.activate
def test_follow_is_greeted_and_unfollow_marks_the_user_unreachable(app):
    responses.post(ZALO_SEND_URL, json={"error": 0, "data": {"message_id": "z-out-1"}})
    client = app.test_client()
    post_zalo(client, fresh_fixture("follow"))
    worker_of(app).process_due()
    assert len(responses.calls) == 1
    post_zalo(client, fresh_fixture("unfollow"))
    worker_of(app).process_due()
    assert len(responses.calls) == 1
    contact = database_of(app)["contacts"].get(("zalo", "2512523625412515"))
    assert contact["unreachable_reason"] == "unfollowed"


def test_echoes_and_receipts_are_acknowledged_without_replies(app):
    client = app.test_client()
    for name in ("oa_send_text", "user_seen_message", "unknown_event"):
        assert post_zalo(client, fresh_fixture(name)).status_code == 200
    worker_of(app).process_due()
    assert outbox_rows(app) == []


@responses.activate
def test_an_expired_token_is_refreshed_once_persisted_and_the_reply_sent(app):
    responses.post(ZALO_SEND_URL, json={"error": -216, "message": "Access token is invalid"})
    responses.post(
        ZALO_OAUTH_URL,
        json={
            "access_token": "zalo-access-2",
            "refresh_token": "zalo-refresh-2",
            "expires_in": "90000",
        },
    )
    responses.post(ZALO_SEND_URL, json={"error": 0, "data": {"message_id": "z-out-1"}})
    post_zalo(app.test_client(), zalo_text_event("tam tru", "msg-1"))
    worker_of(app).process_due()
    assert [call.request.url for call in responses.calls] == [
        ZALO_SEND_URL,
        ZALO_OAUTH_URL,
        ZALO_SEND_URL,
    ]
    stored = database_of(app)["platform_tokens"].get(f"zalo:{ZALO_ENV['ZALO_APP_ID']}")
    assert (stored["access_token"], stored["refresh_token"]) == ("zalo-access-2", "zalo-refresh-2")


def test_a_restart_keeps_the_rotated_refresh_token(make_app):
    app = make_app(**ZALO_ENV)
    database_of(app).execute("UPDATE platform_tokens SET access_token = 'a2', refresh_token = 'r2'")
    database_of(app).conn.commit()
    restarted = make_app(**ZALO_ENV)
    stored = database_of(restarted)["platform_tokens"].get(f"zalo:{ZALO_ENV['ZALO_APP_ID']}")
    assert stored["refresh_token"] == "r2"
    reauthorised = make_app(
        **{**ZALO_ENV, "ZALO_REFRESH_TOKEN": "r-new", "ZALO_ACCESS_TOKEN": "a-new"}
    )
    stored = database_of(reauthorised)["platform_tokens"].get(f"zalo:{ZALO_ENV['ZALO_APP_ID']}")
    assert stored["refresh_token"] == "r-new"


@responses.activate
def test_a_user_who_blocked_the_oa_is_marked_unreachable_and_not_retried(app):
    responses.post(ZALO_SEND_URL, json={"error": -217, "message": "blocked"})
    post_zalo(app.test_client(), zalo_text_event("tam tru", "msg-1"))
    worker_of(app).process_due()
    worker_of(app).process_due()
    assert len(responses.calls) == 1
    assert [row["status"] for row in outbox_rows(app)] == ["failed"]
    contact = database_of(app)["contacts"].get(("zalo", "2512523625412515"))
    assert contact["unreachable_at"] is not None
