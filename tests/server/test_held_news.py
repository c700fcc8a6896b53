"""Held broadcasts reach a user as a digest after their next message; simulator users see
broadcasts in the page."""

import datetime as dt

import responses

from broadcasts.digest import DIGEST_MORE
from broadcasts.model import Broadcast, Kind, Status
from broadcasts.store import BroadcastStore
from kernel.identity import Officer, Role
from server.services import services_of
from tests.server.support import (
    FACEBOOK_ENV,
    FACEBOOK_SEND_URL,
    database_of,
    facebook_text_event,
    outbox_rows,
    post_facebook,
    worker_of,
)

AUTHOR = Officer("thu.nguyen", Role.COMMUNICATION_OFFICER)
APPROVER = Officer("minh.tran", Role.COMMUNICATION_OFFICER)
HOAN_KIEM = "00070"


def send_broadcast(app, title: str) -> int:
    services = services_of(app)
    store = BroadcastStore(services.database)
    created = store.create(
        Broadcast(
            Kind.NEW_LAW,
            title,
            "Tóm tắt điều thay đổi.",
            AUTHOR.username,
            document_number="74/2025/QH15",
            effective_date=dt.date(2026, 1, 1),
        ),  # fmt: skip
        AUTHOR,
    )
    store.move(created.id, Status.APPROVED, APPROVER)
    store.move(created.id, Status.SENDING, APPROVER)
    assert services.engine.run(created.id) is Status.DONE
    return created.id


def delivery_statuses(app) -> list[str]:
    return [row[0] for row in database_of(app).execute("SELECT status FROM deliveries ORDER BY id")]


@responses.activate
def test_news_held_outside_the_window_follows_the_answer_to_the_next_message(make_app):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m"})
    app = make_app(**FACEBOOK_ENV)
    services_of(app).subscriptions.subscribe("facebook", "PSID-1", HOAN_KIEM, ("general_public",))
    send_broadcast(app, "Luật Việc làm 2025 có hiệu lực")
    assert delivery_statuses(app) == ["held"]
    assert len(responses.calls) == 0

    post_facebook(app.test_client(), facebook_text_event("tam tru", "mid.1"))
    worker_of(app).process_due()

    texts = [row["text"] for row in outbox_rows(app)]
    assert len(texts) == 2
    assert "Trả lời về Đăng ký tạm trú." in texts[0]
    assert "Luật Việc làm 2025 có hiệu lực" in texts[1] and "74/2025/QH15" in texts[1]
    assert delivery_statuses(app) == ["released"]

    post_facebook(app.test_client(), facebook_text_event("tam tru", "mid.2"))
    worker_of(app).process_due()
    assert len(outbox_rows(app)) == 3  # no second digest


@responses.activate
def test_a_long_digest_shows_the_newest_first_then_more_on_request(make_app, parser):
    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m"})
    app = make_app(**FACEBOOK_ENV)
    services_of(app).subscriptions.subscribe("facebook", "PSID-1", HOAN_KIEM, ("general_public",))
    for number in range(1, 6):
        send_broadcast(app, f"Tin số {number}")

    post_facebook(app.test_client(), facebook_text_event("xin chào", "mid.1"))
    worker_of(app).process_due()
    digest = outbox_rows(app)[-1]
    assert digest["text"].index("Tin số 5") < digest["text"].index("Tin số 3")
    assert "Tin số 2" not in digest["text"]
    assert DIGEST_MORE in digest["quick_replies"]

    event = facebook_text_event("Xem thêm", "mid.2")
    event["entry"][0]["messaging"][0]["message"]["quick_reply"] = {"payload": DIGEST_MORE}
    post_facebook(app.test_client(), event)
    worker_of(app).process_due()

    more = outbox_rows(app)[-1]
    assert "Tin số 2" in more["text"] and "Tin số 1" in more["text"]
    assert "Xem thêm" not in parser.parsed  # answered from the held news, not the model
    assert delivery_statuses(app) == ["released"] * 5


def test_a_cancelled_broadcast_never_appears_in_a_digest(make_app):
    app = make_app(**FACEBOOK_ENV)
    services_of(app).subscriptions.subscribe("facebook", "PSID-1", HOAN_KIEM, ("general_public",))
    broadcast_id = send_broadcast(app, "Tin đã hủy")
    database_of(app).execute("UPDATE broadcasts SET status = 'cancelled' WHERE id = ?",
                             (broadcast_id,))  # fmt: skip
    post_facebook(app.test_client(), facebook_text_event("tam tru", "mid.1"))
    worker_of(app).process_due()
    assert len(outbox_rows(app)) == 1  # the answer, no digest


def test_broadcasts_sent_to_a_simulator_user_appear_in_the_page(make_app):
    app = make_app()
    client = app.test_client()
    client.get("/simulator")  # the page gives this browser its chat
    user_id = client.get("/simulator/replies?after=0").get_json()["user_id"]
    services_of(app).subscriptions.subscribe("simulator", user_id, HOAN_KIEM, ("general_public",))
    send_broadcast(app, "Luật Việc làm 2025 có hiệu lực")

    news = client.get("/simulator/replies?after=0&after_news=0").get_json()["news"]

    assert len(news) == 1 and "Luật Việc làm 2025 có hiệu lực" in news[0]["text"]
    assert "hủy đăng ký" in news[0]["text"]
    later = client.get(f"/simulator/replies?after=0&after_news={news[0]['id']}")
    assert later.get_json()["news"] == []


@responses.activate
def test_statistics_count_broadcasts_the_user_has_read_from_messenger_receipts(make_app):
    import time

    from broadcasts.deliveries import DeliveryStore

    responses.post(FACEBOOK_SEND_URL, json={"recipient_id": "PSID-1", "message_id": "m"})
    app = make_app(**FACEBOOK_ENV)
    services_of(app).subscriptions.subscribe("facebook", "PSID-1", HOAN_KIEM, ("general_public",))
    message = facebook_text_event("tam tru", "mid.1")
    message["entry"][0]["messaging"][0]["timestamp"] = int(time.time() * 1000)
    post_facebook(app.test_client(), message)
    worker_of(app).process_due()  # the user just wrote: their 24-hour window is open
    broadcast_id = send_broadcast(app, "Luật Việc làm 2025 có hiệu lực")
    deliveries = DeliveryStore(services_of(app).database)
    assert deliveries.statistics(broadcast_id)["sent"] == 1
    assert deliveries.statistics(broadcast_id)["read"] == 0

    now_ms = int(time.time() * 1000) + 1000
    read = {"object": "page", "entry": [{"id": "PAGE", "time": now_ms, "messaging": [{
        "sender": {"id": "PSID-1"}, "recipient": {"id": "PAGE"}, "timestamp": now_ms,
        "read": {"watermark": now_ms}}]}]}  # fmt: skip
    assert post_facebook(app.test_client(), read).status_code == 200

    assert deliveries.statistics(broadcast_id)["read"] == 1
