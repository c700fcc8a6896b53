import json
from pathlib import Path

import pytest

from bot.messages import MessageKind
from channels.zalo.inbound import MalformedPayload, messages_from_webhook

FIXTURES = Path(__file__).parent.parent / "fixtures" / "zalo"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"payload_{name}.json").read_text(encoding="utf-8"))


def test_a_text_message_keeps_its_text_ids_time_and_raw_payload():
    [message] = messages_from_webhook(fixture("text"))
    assert message.channel == "zalo"
    assert message.kind is MessageKind.TEXT
    assert message.text == "đăng ký tạm trú ở đâu"
    assert message.user_id == "2512523625412515"
    assert message.platform_message_id == "96d3cdf3af150460909"
    assert message.sent_at.timestamp() == 1795300000
    assert message.raw["event_name"] == "user_send_text"


@pytest.mark.parametrize("name", ["image", "sticker", "file"])
def test_media_become_attachments_to_be_answered_politely(name):
    [message] = messages_from_webhook(fixture(name))
    assert message.kind is MessageKind.ATTACHMENT
    assert message.platform_message_id


def test_follow_and_unfollow_use_the_follower_id():
    [follow] = messages_from_webhook(fixture("follow"))
    [unfollow] = messages_from_webhook(fixture("unfollow"))
    assert (follow.kind, follow.user_id) == (MessageKind.FOLLOW, "2512523625412515")
    assert (unfollow.kind, unfollow.user_id) == (MessageKind.UNFOLLOW, "2512523625412515")
    assert follow.platform_message_id != unfollow.platform_message_id


def test_tapping_chat_now_is_greeted_like_a_follow():
    [message] = messages_from_webhook(fixture("user_click_chatnow"))
    assert message.kind is MessageKind.FOLLOW


def test_receipts_are_kept_for_statistics():
    [seen] = messages_from_webhook(fixture("user_seen_message"))
    [received] = messages_from_webhook(fixture("user_received_message"))
    assert seen.kind is MessageKind.READ
    assert received.kind is MessageKind.DELIVERED


def test_echoes_of_our_own_messages_and_unknown_events_are_skipped():
    assert messages_from_webhook(fixture("oa_send_text")) == []
    assert messages_from_webhook(fixture("unknown_event")) == []


@pytest.mark.parametrize(
    "body",
    [
        [],
        "text",
        {},
        {"event_name": 5, "timestamp": "1"},
        {"event_name": "user_send_text"},
        {"event_name": "user_send_text", "timestamp": "soon"},
        {"event_name": "user_send_text", "timestamp": "-5"},
    ],
)
def test_bodies_that_are_not_zalo_events_are_malformed(body):
    with pytest.raises(MalformedPayload):
        messages_from_webhook(body)


def test_an_event_missing_its_sender_is_skipped_not_crashed_on():
    body = fixture("text")
    body["sender"] = "nobody"
    assert messages_from_webhook(body) == []
