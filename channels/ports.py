"""What a channel blueprint needs from the server: somewhere durable to put messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.messages import IncomingMessage, OutgoingMessage


class Inbox(Protocol):
    def accept(self, messages: Sequence[IncomingMessage]) -> int:
        """Stores the messages durably (duplicates ignored) before the webhook is answered;
        returns how many were new."""
        ...


class InboxUnavailable(Exception):
    """The inbox could not store the messages; the webhook answers 503 so the platform retries."""


class ReplyChannel(Protocol):
    """How the worker talks back on one platform: rendering is pure and done once, when
    the reply is recorded; sending is one request per rendered body, so a split reply
    resumes at the first part not yet sent."""

    name: str

    def render(self, user_id: str, message: OutgoingMessage) -> list[dict]: ...

    def send(self, body: dict) -> str | None:
        """Sends one body; raises a ``channels.errors.ChannelError`` subtype on failure."""
        ...

    def show_typing(self, user_id: str) -> None:
        """Best effort: tells the user a reply is coming (no-op where unsupported)."""
        ...
