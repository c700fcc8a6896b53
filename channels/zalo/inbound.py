"""Pure conversion of a Zalo OA webhook event into platform-neutral messages.

Zalo posts one event per request, keyed by ``event_name``; all ids and the timestamp are
strings (ids exceed 2^53). OA echoes (``oa_send_*``) are skipped; unknown events are
logged and skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from bot.messages import IncomingMessage, MessageKind
from channels.zalo import CHANNEL

logger = logging.getLogger(__name__)

Converter = Callable[[dict, dt.datetime], IncomingMessage | None]

ATTACHMENT_EVENTS = (
    "user_send_image",
    "user_send_gif",
    "user_send_link",
    "user_send_audio",
    "user_send_video",
    "user_send_sticker",
    "user_send_location",
    "user_send_file",
    "user_send_business_card",
)
IGNORED_PREFIXES = ("oa_send_", "anonymous_send_")


class MalformedPayload(ValueError):
    """The body is JSON but not a Zalo OA event: answered with 400."""


def event_time(body: dict) -> dt.datetime | None:
    """The event's timestamp (epoch milliseconds, sent as a string), if well formed."""
    raw = body.get("timestamp")
    try:
        milliseconds = int(str(raw))
    except ValueError:
        return None
    if not 0 < milliseconds < 10**14:
        return None
    return dt.datetime.fromtimestamp(milliseconds / 1000, tz=dt.timezone.utc)


def _id(value: object) -> str | None:
    return str(value) if isinstance(value, str | int) and str(value) else None


def _sender(body: dict) -> str | None:
    sender = body.get("sender")
    return _id(sender.get("id")) if isinstance(sender, dict) else None


def _message_id(body: dict, fallback: str) -> str:
    message = body.get("message")
    msg_id = _id(message.get("msg_id")) if isinstance(message, dict) else None
    return msg_id or fallback


def _text(body: dict, sent_at: dt.datetime) -> IncomingMessage | None:
    sender, message = _sender(body), body.get("message")
    if sender is None or not isinstance(message, dict):
        return None
    text = message.get("text") if isinstance(message.get("text"), str) else ""
    mid = _message_id(body, f"text:{sender}:{body.get('timestamp')}")
    return IncomingMessage(CHANNEL, sender, MessageKind.TEXT, text, None, mid, sent_at, body)


def _attachment(body: dict, sent_at: dt.datetime) -> IncomingMessage | None:
    sender = _sender(body)
    if sender is None:
        return None
    mid = _message_id(body, f"{body.get('event_name')}:{sender}:{body.get('timestamp')}")
    return IncomingMessage(CHANNEL, sender, MessageKind.ATTACHMENT, "", None, mid, sent_at, body)


def _follow(kind: MessageKind) -> Converter:
    def convert(body: dict, sent_at: dt.datetime) -> IncomingMessage | None:
        follower = body.get("follower")
        user = _id(follower.get("id")) if isinstance(follower, dict) else None
        if user is None:
            return None
        mid = f"{kind.value}:{user}:{body.get('timestamp')}"
        return IncomingMessage(CHANNEL, user, kind, "", None, mid, sent_at, body)

    return convert


def _chat_now(body: dict, sent_at: dt.datetime) -> IncomingMessage | None:
    # The user tapped "Nhắn tin" on the OA page: greet them like a new follower.
    sender = _sender(body)
    if sender is None:
        return None
    mid = f"chatnow:{sender}:{body.get('timestamp')}"
    return IncomingMessage(CHANNEL, sender, MessageKind.FOLLOW, "", None, mid, sent_at, body)


def _receipt(kind: MessageKind) -> Converter:
    def convert(body: dict, sent_at: dt.datetime) -> IncomingMessage | None:
        sender, message = _sender(body), body.get("message")
        if sender is None or not isinstance(message, dict):
            return None
        ids = message.get("msg_ids") or [message.get("msg_id")]
        first = _id(ids[0]) if isinstance(ids, list) and ids else None
        mid = f"{kind.value}:{sender}:{first}:{body.get('timestamp')}"
        return IncomingMessage(CHANNEL, sender, kind, "", None, mid, sent_at, body)

    return convert


EVENT_CONVERTERS: dict[str, Converter] = {
    "user_send_text": _text,
    **{name: _attachment for name in ATTACHMENT_EVENTS},
    "follow": _follow(MessageKind.FOLLOW),
    "unfollow": _follow(MessageKind.UNFOLLOW),
    "user_click_chatnow": _chat_now,
    "user_received_message": _receipt(MessageKind.DELIVERED),
    "user_seen_message": _receipt(MessageKind.READ),
}


def messages_from_webhook(body: object) -> list[IncomingMessage]:
    """The user events of one webhook body (zero or one; a list for symmetry)."""
    if not isinstance(body, dict) or not isinstance(body.get("event_name"), str):
        raise MalformedPayload("not a Zalo OA event")
    sent_at = event_time(body)
    if sent_at is None:
        raise MalformedPayload("missing or malformed timestamp")
    name = body["event_name"]
    converter = EVENT_CONVERTERS.get(name)
    if converter is None:
        if not name.startswith(IGNORED_PREFIXES):
            logger.info("skipping Zalo event %r", name[:64])
        return []
    converted = converter(body, sent_at)
    return [converted] if converted is not None else []
