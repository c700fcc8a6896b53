"""Pure conversion of a Messenger webhook body into platform-neutral messages.

Every entry and every event is read (a batch can carry several); echoes of our own
messages are skipped; unknown event types are logged and skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from bot.messages import IncomingMessage, MessageKind
from channels.facebook import CHANNEL

logger = logging.getLogger(__name__)

Converter = Callable[[dict, str, dt.datetime], IncomingMessage | None]


# Meta batches at most 1,000 events in one delivery; more is not Meta, and would make one
# request write thousands of rows.
MAX_EVENTS_PER_REQUEST = 1000


class MalformedPayload(ValueError):
    """The body is JSON but not a Messenger webhook: answered with 400."""


class TooManyEvents(MalformedPayload):
    """More events in one request than Meta ever batches: answered with 413."""


def _sent_at(event: dict) -> dt.datetime:
    timestamp = event.get("timestamp")
    if isinstance(timestamp, int | float) and 0 < timestamp < 1e14:
        return dt.datetime.fromtimestamp(timestamp / 1000, tz=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def _message(event: dict, sender: str, sent_at: dt.datetime) -> IncomingMessage | None:
    message = event["message"]
    if not isinstance(message, dict) or message.get("is_echo"):
        return None
    mid = str(message.get("mid") or f"message:{sender}:{event.get('timestamp')}")
    quick_reply = message.get("quick_reply")
    text = message.get("text") if isinstance(message.get("text"), str) else ""
    if isinstance(quick_reply, dict) and isinstance(quick_reply.get("payload"), str):
        kind, payload = MessageKind.CHOICE, quick_reply["payload"]
    elif text:
        kind, payload = MessageKind.TEXT, None
    elif message.get("attachments"):
        kind, payload = MessageKind.ATTACHMENT, None
    else:
        return None
    return IncomingMessage(CHANNEL, sender, kind, text, payload, mid, sent_at, event)


def _postback(event: dict, sender: str, sent_at: dt.datetime) -> IncomingMessage | None:
    postback = event["postback"]
    if not isinstance(postback, dict) or not isinstance(postback.get("payload"), str):
        return None
    mid = str(postback.get("mid") or f"postback:{sender}:{event.get('timestamp')}")
    title = postback.get("title") if isinstance(postback.get("title"), str) else ""
    return IncomingMessage(
        CHANNEL, sender, MessageKind.CHOICE, title, postback["payload"], mid, sent_at, event
    )


def _receipt(kind: MessageKind, key: str) -> Converter:
    def convert(event: dict, sender: str, sent_at: dt.datetime) -> IncomingMessage | None:
        receipt = event[key]
        watermark = receipt.get("watermark") if isinstance(receipt, dict) else None
        if not isinstance(watermark, int):
            return None
        return IncomingMessage(
            CHANNEL, sender, kind, "", None, f"{key}:{sender}:{watermark}", sent_at, event
        )

    return convert


EVENT_CONVERTERS: dict[str, Converter] = {
    "message": _message,
    "postback": _postback,
    "read": _receipt(MessageKind.READ, "read"),
    "delivery": _receipt(MessageKind.DELIVERED, "delivery"),
}
IGNORED_EVENTS = ("optin", "policy_enforcement", "referral", "reaction")


def messages_from_webhook(body: object) -> list[IncomingMessage]:
    """All user events of a webhook body, in order."""
    if not isinstance(body, dict) or body.get("object") != "page":
        raise MalformedPayload("not a Messenger page webhook")
    entries = body.get("entry")
    if not isinstance(entries, list):
        raise MalformedPayload("'entry' must be a list")
    batches = [entry.get("messaging") if isinstance(entry, dict) else None for entry in entries]
    batches = [events for events in batches if isinstance(events, list)]
    if len(entries) + sum(len(events) for events in batches) > MAX_EVENTS_PER_REQUEST:
        raise TooManyEvents(f"more than {MAX_EVENTS_PER_REQUEST} events in one request")
    messages = []
    for events in batches:
        for event in events:
            converted = _convert_event(event)
            if converted is not None:
                messages.append(converted)
    return messages


def _convert_event(event: object) -> IncomingMessage | None:
    if not isinstance(event, dict):
        return None
    sender = event.get("sender", {}).get("id") if isinstance(event.get("sender"), dict) else None
    if not isinstance(sender, str | int) or not str(sender):
        return None
    for key, converter in EVENT_CONVERTERS.items():
        if key in event:
            return converter(event, str(sender), _sent_at(event))
    known = [key for key in IGNORED_EVENTS if key in event]
    if not known:
        logger.info("skipping unknown Messenger event with keys %s", sorted(event))
    return None
