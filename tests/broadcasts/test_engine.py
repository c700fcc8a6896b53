import json
import threading
import time

import pytest
import requests
import responses

from broadcasts.engine import BroadcastBusy, EngineSettings
from broadcasts.model import Kind, Status
from channels.retry_policy import RetryPolicy
from kernel.identity import Officer, Role
from kernel.outcomes import DeliveryReason
from tests.broadcasts.support import (
    APPROVER,
    FACEBOOK_SEND_URL,
    FAST_RETRY,
    ZALO_SEND_URL,
    Province,
    new_law,
)
from tests.timing import wait_until

FB_OK = {"recipient_id": "x", "message_id": "m.1"}
ZALO_OK = {"error": 0, "message": "Success", "data": {"message_id": "z.1"}}


@pytest.fixture
def province(tmp_path):
    return Province(tmp_path / "province.db")


def sent_bodies(url: str) -> list[dict]:
    return [
        json.loads(call.request.body)
        for call in responses.calls
        if call.request.url.split("?")[0] == url
    ]


@responses.activate
def test_each_recipient_gets_the_route_the_2026_platform_rules_allow(province):
    responses.post(FACEBOOK_SEND_URL, json=FB_OK)
    responses.post(ZALO_SEND_URL, json=ZALO_OK)
    province.subscriber("facebook", "fb-recent", hours_since_last_message=3)
    province.subscriber("facebook", "fb-old", hours_since_last_message=30)
    province.subscriber("zalo", "zalo-recent", hours_since_last_message=20)
    province.subscriber("zalo", "zalo-3-days", hours_since_last_message=72)
    province.subscriber("zalo", "zalo-never", hours_since_last_message=None)
    province.subscriber("simulator", "sim-1")
    broadcast_id = province.sending()

    assert province.engine().run(broadcast_id) is Status.DONE

    outcome = province.deliveries(broadcast_id)
    assert {user: status for user, (status, _) in outcome.items()} == {
        "fb-recent": "sent",
        "fb-old": "held",
        "zalo-recent": "sent",
        "zalo-3-days": "held",
        "zalo-never": "held",
        "sim-1": "sent",
    }
    assert "24-hour" in outcome["fb-old"][1]
    assert "paid messages are disabled" in outcome["zalo-3-days"][1]
    (facebook_body,) = sent_bodies(FACEBOOK_SEND_URL)
    assert facebook_body["messaging_type"] == "UPDATE"
    assert "tag" not in facebook_body
    assert "74/2025/QH15" in facebook_body["message"]["text"]
    (zalo_body,) = sent_bodies(ZALO_SEND_URL)
    assert zalo_body["recipient"] == {"user_id": "zalo-recent"}
    assert province.store.get(broadcast_id).status is Status.DONE


@responses.activate
def test_paid_zalo_messages_go_out_from_48_hours_to_7_days_only_when_enabled(province):
    responses.post(ZALO_SEND_URL, json=ZALO_OK)
    province.subscriber("zalo", "zalo-3-days", hours_since_last_message=72)
    province.subscriber("zalo", "zalo-9-days", hours_since_last_message=9 * 24)
    broadcast_id = province.sending()

    province.engine(EngineSettings(retry=FAST_RETRY, zalo_paid_enabled=True)).run(broadcast_id)

    rows = dict(
        province.database.db.execute(
            "SELECT user_id, route FROM deliveries WHERE broadcast_id = ?", (broadcast_id,)
        ).fetchall()
    )
    assert rows == {"zalo-3-days": "send_paid", "zalo-9-days": "hold"}
    assert len(sent_bodies(ZALO_SEND_URL)) == 1


@responses.activate
def test_only_the_targeted_communes_audiences_and_channels_are_sent_to(province):
    responses.post(FACEBOOK_SEND_URL, json=FB_OK)
    province.subscriber("facebook", "in-commune", commune="03302", audiences=("farmers",))
    province.subscriber("facebook", "other-commune", commune="03301", audiences=("farmers",))
    province.subscriber("facebook", "other-audience", commune="03302", audiences=("students",))
    province.subscriber("simulator", "other-channel", commune="03302", audiences=("farmers",))
    notice = new_law(
        kind=Kind.LOCAL_NOTICE,
        document_number=None,
        author="can.bo.tan.phong",
        target_communes=frozenset({"03302"}),
        audiences=frozenset({"farmers"}),
        channels=frozenset({"facebook"}),
    )
    official = Officer("can.bo.tan.phong", Role.COMMUNE_OFFICIAL, frozenset({"03302"}))
    created = province.store.create(notice, official)
    province.store.move(created.id, Status.APPROVED, APPROVER)
    province.store.move(created.id, Status.SENDING, official)

    province.engine().run(created.id)

    assert set(province.deliveries(created.id)) == {"in-commune"}
    assert [body["recipient"]["id"] for body in sent_bodies(FACEBOOK_SEND_URL)] == ["in-commune"]


@responses.activate
def test_running_again_after_done_sends_nothing_twice(province):
    responses.post(FACEBOOK_SEND_URL, json=FB_OK)
    for number in range(5):
        province.subscriber("facebook", f"fb-{number}")
    broadcast_id = province.sending()
    engine = province.engine()
    engine.run(broadcast_id)
    province.database.db.execute("UPDATE broadcasts SET status = 'sending' WHERE id = ?",
                                 (broadcast_id,))  # fmt: skip

    engine.run(broadcast_id)

    assert len(responses.calls) == 5


@responses.activate
def test_a_server_error_and_a_timeout_are_retried_with_backoff_then_sent_once(province):
    responses.post(FACEBOOK_SEND_URL, json={"error": {"code": 2}}, status=500)
    responses.post(FACEBOOK_SEND_URL, body=requests.ConnectTimeout("slow"))
    responses.post(FACEBOOK_SEND_URL, json=FB_OK)
    province.subscriber("facebook", "fb-1")
    broadcast_id = province.sending()

    province.engine().run(broadcast_id)

    assert province.deliveries(broadcast_id)["fb-1"][0] == "sent"
    assert len(responses.calls) == 3
    (attempts,) = province.database.db.execute(
        "SELECT attempts FROM deliveries WHERE broadcast_id = ?", (broadcast_id,)
    ).fetchone()
    assert attempts == 3


@responses.activate
def test_a_rate_limit_waits_for_retry_after(province):
    responses.post(
        ZALO_SEND_URL,
        json={"error": -32, "message": "Your application/OA reached limit call api"},
        headers={"Retry-After": "0.3"},
    )
    responses.post(ZALO_SEND_URL, json=ZALO_OK)
    province.subscriber("zalo", "zalo-1")
    broadcast_id = province.sending()
    started = time.monotonic()

    province.engine(EngineSettings(retry=RetryPolicy(0.01, 5.0, 4))).run(broadcast_id)

    assert time.monotonic() - started >= 0.3
    assert province.deliveries(broadcast_id)["zalo-1"][0] == "sent"
    assert len(responses.calls) == 2


@responses.activate
def test_permanent_errors_are_recorded_and_never_retried(province):
    responses.post(
        FACEBOOK_SEND_URL,
        json={"error": {"code": 100, "message": "(#100) Invalid parameter"}},
        status=400,
    )
    province.subscriber("facebook", "fb-1")
    broadcast_id = province.sending()

    province.engine().run(broadcast_id)

    status, reason = province.deliveries(broadcast_id)["fb-1"]
    assert (status, len(responses.calls)) == ("failed", 1)
    assert "Invalid parameter" in reason


@responses.activate
def test_a_user_who_blocked_the_page_is_marked_unreachable(province):
    responses.post(
        FACEBOOK_SEND_URL,
        json={"error": {"code": 10, "error_subcode": 2018108, "message": "blocked"}},
        status=400,
    )
    province.subscriber("facebook", "fb-1")
    broadcast_id = province.sending()

    province.engine().run(broadcast_id)

    assert province.deliveries(broadcast_id)["fb-1"][0] == "skipped"
    (status,) = province.database.db.execute(
        "SELECT status FROM subscribers WHERE user_id = 'fb-1'"
    ).fetchone()
    assert status == "unreachable"


@responses.activate
def test_exhausted_retries_end_as_failed_with_the_reason(province):
    responses.post(FACEBOOK_SEND_URL, json={"error": {"code": 2}}, status=503)
    province.subscriber("facebook", "fb-1")
    broadcast_id = province.sending()

    province.engine().run(broadcast_id)

    status, reason = province.deliveries(broadcast_id)["fb-1"]
    assert status == "failed" and "TransientError" in reason
    assert len(responses.calls) == FAST_RETRY.max_attempts


def test_cancelling_stops_sending_within_a_second(province):
    for number in range(300):
        province.subscriber("simulator", f"sim-{number}")
    broadcast_id = province.sending()
    engine = province.engine(
        EngineSettings(rates={"simulator": 50.0}, retry=FAST_RETRY, watch_seconds=0.1)
    )
    result: list[Status] = []
    sender = threading.Thread(target=lambda: result.append(engine.run(broadcast_id)))
    sender.start()
    wait_until(lambda: engine.deliveries.counts(broadcast_id).get("sent"), what="a first send")

    province.store.move(broadcast_id, Status.CANCELLED, APPROVER)
    cancelled_at = time.monotonic()
    sender.join(10)

    assert result == [Status.CANCELLED]
    assert time.monotonic() - cancelled_at < 1.5
    counts = engine.deliveries.counts(broadcast_id)
    assert 0 < counts.get("sent", 0) < 300
    assert counts.get("pending", 0) == 0 and counts.get("cancelled", 0) > 0
    # Nothing is left that could still send: run() returned with its senders stopped.
    assert not [t for t in threading.enumerate() if t.name.startswith("broadcast-sender")]


def test_a_second_process_cannot_send_a_broadcast_whose_lease_is_live(province):
    province.subscriber("simulator", "sim-1")
    broadcast_id = province.sending()
    province.database.db.execute(
        "UPDATE broadcasts SET lease_owner = 'other', lease_until = ? WHERE id = ?",
        (time.time() + 30, broadcast_id),
    )
    with pytest.raises(BroadcastBusy):
        province.engine().run(broadcast_id)

    province.database.db.execute(
        "UPDATE broadcasts SET lease_until = ? WHERE id = ?", (time.time() - 1, broadcast_id)
    )
    assert province.engine().run(broadcast_id) is Status.DONE


def test_rows_claimed_by_a_crashed_sender_are_closed_not_resent(province):
    for number in range(3):
        province.subscriber("simulator", f"sim-{number}")
    broadcast_id = province.sending()
    engine = province.engine()
    province.database.db.execute(
        "INSERT INTO deliveries (broadcast_id, subscriber_id, channel, user_id, status, route, "
        "reason, created_at) SELECT ?, id, channel, user_id, 'pending', 'send', 'x', 0 "
        "FROM subscribers",
        (broadcast_id,),
    )
    province.database.db.execute("UPDATE deliveries SET status = 'sending' WHERE user_id = 'sim-0'")
    province.database.db.execute("UPDATE deliveries SET status = 'sent' WHERE user_id = 'sim-1'")

    engine.run(broadcast_id)

    outcome = province.deliveries(broadcast_id)
    assert outcome["sim-0"][0] == "failed" and "not resent" in outcome["sim-0"][1]
    assert outcome["sim-1"][0] == "sent" and outcome["sim-2"][0] == "sent"


@responses.activate
def test_each_way_a_send_ends_is_stored_as_its_reason_code(province):
    responses.post(
        FACEBOOK_SEND_URL,
        json={"error": {"code": 100, "message": "(#100) Invalid parameter"}},
        status=400,
    )
    province.subscriber("facebook", "fb-1")
    province.subscriber("facebook", "fb-2", hours_since_last_message=None)
    broadcast_id = province.sending()

    province.engine().run(broadcast_id)

    codes = dict(
        province.database.db.execute(
            "SELECT user_id, reason_code FROM deliveries WHERE broadcast_id = ?", (broadcast_id,)
        ).fetchall()
    )
    assert codes == {
        "fb-1": DeliveryReason.REFUSED.value,
        "fb-2": DeliveryReason.OUTSIDE_WINDOWS.value,
    }
