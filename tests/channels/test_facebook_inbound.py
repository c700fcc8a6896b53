import pytest

from bot.messages import MessageKind
from channels.facebook.inbound import MalformedPayload, messages_from_webhook


def test_text_message_keeps_mid_sender_text_and_raw_event(load_fixture):
    [message] = messages_from_webhook(load_fixture("facebook", "payload_text"))
    assert message.channel == "facebook"
    assert message.kind is MessageKind.TEXT
    assert message.user_id == "6543210987654321"
    assert message.text == "Đăng ký tạm trú ở đâu ạ?"
    assert message.platform_message_id == "m_text_001"
    assert message.raw["message"]["mid"] == "m_text_001"
    assert message.sent_at.year == 2025


def test_quick_reply_payload_wins_over_its_title(load_fixture):
    [message] = messages_from_webhook(load_fixture("facebook", "payload_quick_reply"))
    assert message.kind is MessageKind.CHOICE
    assert message.payload == "FAQ:dang_ky_tam_tru"


def test_get_started_postback_is_a_choice(load_fixture):
    [message] = messages_from_webhook(load_fixture("facebook", "payload_postback_get_started"))
    assert message.kind is MessageKind.CHOICE
    assert message.payload == "GET_STARTED"
    assert message.platform_message_id == "m_pb_001"


def test_postback_without_mid_gets_a_stable_key(load_fixture):
    body = load_fixture("facebook", "payload_postback_menu")
    first = messages_from_webhook(body)[0].platform_message_id
    assert first == messages_from_webhook(body)[0].platform_message_id
    assert first.startswith("postback:")


@pytest.mark.parametrize("name", ["payload_image", "payload_sticker"])
def test_images_and_stickers_are_attachments(load_fixture, name):
    [message] = messages_from_webhook(load_fixture("facebook", name))
    assert message.kind is MessageKind.ATTACHMENT


def test_echoes_of_our_own_messages_are_skipped(load_fixture):
    assert messages_from_webhook(load_fixture("facebook", "payload_echo")) == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [("payload_read", MessageKind.READ), ("payload_delivery", MessageKind.DELIVERED)],
)
def test_read_and_delivery_receipts_carry_their_watermark(load_fixture, name, kind):
    [message] = messages_from_webhook(load_fixture("facebook", name))
    assert message.kind is kind
    assert message.platform_message_id.endswith(":1763800000100")
    assert not kind.needs_reply


def test_every_event_of_every_entry_in_a_batch_is_read(load_fixture):
    messages = messages_from_webhook(load_fixture("facebook", "payload_batch"))
    assert [m.platform_message_id for m in messages][:3] == [
        "m_batch_001",
        "m_batch_002",
        "m_batch_003",
    ]
    assert [m.kind for m in messages][-1] is MessageKind.READ
    assert len(messages) == 4


def test_unknown_events_are_skipped(load_fixture):
    assert messages_from_webhook(load_fixture("facebook", "payload_unknown_event")) == []


@pytest.mark.parametrize(
    "body",
    [[], "text", {"object": "instagram", "entry": []}, {"object": "page", "entry": "x"}],
)
def test_bodies_that_are_not_page_webhooks_are_malformed(body):
    with pytest.raises(MalformedPayload):
        messages_from_webhook(body)


def test_events_with_broken_parts_are_skipped_not_fatal():
    body = {
        "object": "page",
        "entry": [
            {"messaging": [{"sender": "x"}, {"sender": {"id": "1"}, "message": "text"}, 5]},
            "not an entry",
        ],
    }
    assert messages_from_webhook(body) == []
