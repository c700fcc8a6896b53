"""The durable inbox: webhooks store events here before answering the platform.

Inserting with the unique key (channel, platform message id) is what deduplicates a
platform's retries; storing before the 200 is what makes a crash lose nothing.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable, Sequence

from bot.messages import IncomingMessage, MessageKind
from channels.ports import InboxUnavailable
from server.database import Database

logger = logging.getLogger(__name__)

RECEIPTS = (MessageKind.DELIVERED, MessageKind.READ)
# A citizen's question never needs more (Zalo refuses longer texts anyway); a longer one
# is cut here, so a 2 MB message is never stored whole nor run through the model.
MAX_TEXT_CHARS = 2000
# The raw event is kept for debugging converters; a huge one is not worth its disk.
MAX_RAW_CHARS = 20_000

_INSERT = """
    INSERT OR IGNORE INTO inbox (channel, platform_message_id, user_id, kind, text, text_cut,
                                 payload, sent_at, received_at, raw, status)
    VALUES (:channel, :platform_message_id, :user_id, :kind, :text, :text_cut,
            :payload, :sent_at, :received_at, :raw, :status)"""


def inbox_row(message: IncomingMessage, received_at: float) -> dict:
    """Pure: the row stored for one message, its text cut to ``MAX_TEXT_CHARS``."""
    raw = json.dumps(dict(message.raw), ensure_ascii=False, default=str)
    if len(raw) > MAX_RAW_CHARS:
        raw = json.dumps({"omitted": f"raw event of {len(raw)} characters"})
    return {
        "channel": message.channel,
        "platform_message_id": message.platform_message_id
        or f"{message.kind.value}:{message.user_id}:{message.sent_at.timestamp()}",
        "user_id": message.user_id,
        "kind": message.kind.value,
        "text": message.text[:MAX_TEXT_CHARS],
        "text_cut": int(len(message.text) > MAX_TEXT_CHARS),
        "payload": message.payload,
        "sent_at": message.sent_at.timestamp(),
        "received_at": received_at,
        "raw": raw,
        # Receipts need no work: stored for statistics, never queued. Unfollows are queued,
        # because the worker marks the user unreachable.
        "status": "done" if message.kind in RECEIPTS else "pending",
    }


class SqliteInbox:
    """Implements ``channels.ports.Inbox``; ``on_new`` wakes the worker."""

    def __init__(
        self,
        database: Database,
        on_new: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._database = database
        self._on_new = on_new
        self._clock = clock

    def accept(self, messages: Sequence[IncomingMessage]) -> int:
        if not messages:
            return 0
        received_at = self._clock()
        try:
            with self._database.transaction() as db:
                before = db.conn.total_changes
                for message in messages:
                    row = inbox_row(message, received_at)
                    db.execute(_INSERT, row)
                new = db.conn.total_changes - before
        except sqlite3.Error as error:
            logger.error("inbox unavailable: %s", error)
            raise InboxUnavailable(str(error)) from error
        if new:
            self._on_new()
        return new
