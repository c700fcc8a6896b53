"""Platform-neutral messages: what every channel converts to and from.

An incoming message keeps the platform's message id (to deduplicate retries) and the raw
payload (to debug a converter without asking the platform again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType


class MessageKind(Enum):
    TEXT = "text"
    # A tap on a quick reply, a button, a persistent-menu item or "Get Started".
    CHOICE = "choice"
    # Images, stickers, files, audio, locations: nothing the assistant can read.
    ATTACHMENT = "attachment"
    FOLLOW = "follow"
    UNFOLLOW = "unfollow"
    # Receipts: the platform reports that our messages up to a time were delivered / read.
    DELIVERED = "delivered"
    READ = "read"

    @property
    def needs_reply(self) -> bool:
        return self not in (MessageKind.DELIVERED, MessageKind.READ, MessageKind.UNFOLLOW)


@dataclass(frozen=True)
class QuickReply:
    """A suggested answer; ``payload`` is what comes back when the user taps it."""

    title: str
    payload: str


@dataclass(frozen=True)
class IncomingMessage:
    channel: str
    user_id: str
    kind: MessageKind = MessageKind.TEXT
    text: str = ""
    payload: str | None = None
    platform_message_id: str | None = None
    sent_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    raw: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class OutgoingMessage:
    text: str
    quick_replies: tuple[QuickReply, ...] = ()
