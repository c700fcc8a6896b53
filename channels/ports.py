"""What a channel blueprint needs from the server: somewhere durable to put messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.messages import IncomingMessage


class Inbox(Protocol):
    def accept(self, messages: Sequence[IncomingMessage]) -> int:
        """Stores the messages durably (duplicates ignored) before the webhook is answered;
        returns how many were new."""
        ...


class InboxUnavailable(Exception):
    """The inbox could not store the messages; the webhook answers 503 so the platform retries."""
