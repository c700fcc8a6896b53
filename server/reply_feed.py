"""Sent replies read back from the outbox, and broadcasts delivered to simulator users, for
the simulator page (its ``ReplyFeed``)."""

from __future__ import annotations

import json

from broadcasts.model import message_text
from broadcasts.store import BroadcastStore
from server.database import Database

MAX_REPLIES_PER_POLL = 50


class OutboxReplyFeed:
    def __init__(self, database: Database) -> None:
        self._database = database

    def replies_after(self, channel: str, user_id: str, after_id: int) -> list[dict]:
        rows = self._database.db.execute(
            "SELECT id, text, quick_replies FROM outbox "
            "WHERE channel = ? AND user_id = ? AND status = 'sent' AND id > ? "
            "ORDER BY id LIMIT ?",
            (channel, user_id, after_id, MAX_REPLIES_PER_POLL),
        ).fetchall()
        return [{"id": row[0], "text": row[1], "quick_replies": json.loads(row[2])} for row in rows]

    def news_after(self, user_id: str, after_id: int) -> list[dict]:
        rows = self._database.db.execute(
            "SELECT id, broadcast_id FROM deliveries "
            "WHERE channel = 'simulator' AND user_id = ? AND status = 'sent' AND id > ? "
            "ORDER BY id LIMIT ?",
            (user_id, after_id, MAX_REPLIES_PER_POLL),
        ).fetchall()
        store = BroadcastStore(self._database)
        texts = {broadcast_id: message_text(store.get(broadcast_id)) for _, broadcast_id in rows}
        return [
            {"id": delivery_id, "text": texts[broadcast_id]} for delivery_id, broadcast_id in rows
        ]
