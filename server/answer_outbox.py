"""Officials' answers to forwarded questions, queued in the outbox the worker sends from.

An answer is an outbox row of the inbox message the question came from, at a sequence
no assistant reply uses: the row's unique key makes queuing it twice impossible, and
the worker sends it with the same retries and per-citizen order as every reply.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import sqlite_utils

from bot.messages import OutgoingMessage
from server.database import Database

# The outbox is unique on (inbox id, sequence). The inbox message's own replies take
# sequences 0, 1, 2… in the order of its turn (a turn sends a handful of messages); the
# official's answer to the question it asked takes one sequence no turn reaches, so it
# never collides with a reply and a second queuing of the same answer is ignored. The
# outbox sends by row id, so the number sets no order.
ANSWER_SEQUENCE = 1000


class SqliteAnswerOutbox:
    def __init__(self, database: Database, clock: Callable[[], float] = time.time) -> None:
        self._database = database
        self._clock = clock

    def enqueue_in(
        self,
        db: sqlite_utils.Database,
        inbox_id: int,
        question_id: int,
        message: OutgoingMessage,
        bodies: list[dict],
    ) -> None:
        (channel, user_id) = db.execute(
            "SELECT channel, user_id FROM inbox WHERE id = ?", (inbox_id,)
        ).fetchone()
        choices = [reply.payload for reply in message.quick_replies]
        db.execute(
            """INSERT OR IGNORE INTO outbox
               (inbox_id, sequence, channel, user_id, text, quick_replies, bodies, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            (inbox_id, ANSWER_SEQUENCE, channel, user_id, message.text,
             json.dumps([{"title": reply.title, "payload": reply.payload}
                         for reply in message.quick_replies], ensure_ascii=False),
             json.dumps(bodies, ensure_ascii=False), self._clock()),
        )  # fmt: skip
        # The conversation the worker keeps: a rating typed next rates this answer. (A
        # message the worker is answering at this very moment may save its own state
        # over this; the rating buttons still work then.)
        db.execute(
            "UPDATE contacts SET conversation = json_set(conversation, '$.last_answer_id', ?, "
            "'$.offered_choices', json(?)) WHERE channel = ? AND user_id = ?",
            (question_id, json.dumps(choices), channel, user_id),
        )

    def delivery_of(self, inbox_id: int) -> tuple[str, str | None] | None:
        row = self._database.db.execute(
            "SELECT status, error FROM outbox WHERE inbox_id = ? AND sequence = ?",
            (inbox_id, ANSWER_SEQUENCE),
        ).fetchone()
        return (row[0], row[1]) if row else None
