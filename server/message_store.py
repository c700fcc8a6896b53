"""What the worker reads and writes: due conversations, inbox rows, outbox rows, contacts.

``record_turn`` writes a reply (``server.citizen_reply``), the conversation state, the
inbox status and all the reply decided in one transaction: after a crash either all of
it happened (the replies wait in the outbox) or none did (the message is answered
again), so each message is answered exactly once.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Sequence
from types import MappingProxyType

import sqlite_utils

from bot.conversation import CONVERSATION_GAP_SECONDS, Conversation
from bot.messages import IncomingMessage, MessageKind, OutgoingMessage
from broadcasts.digest import HeldNews
from handoff.answering import HeldAnswers
from handoff.questions import QuestionStore
from handoff.routing import QuestionRoute
from server.citizen_reply import CitizenReply, TurnFacts
from server.database import Database

ConversationKey = tuple[str, str]  # (channel, user_id)

# Messages that show the user is there: they open the platforms' reply windows.
INTERACTIONS = {MessageKind.TEXT, MessageKind.CHOICE, MessageKind.ATTACHMENT, MessageKind.FOLLOW}
# A forwarded question with neither field nor commune reaches the province's officers.
UNROUTED = QuestionRoute()


def incoming_from_row(row: dict) -> IncomingMessage:
    """Pure: the message a stored inbox row came from."""
    return IncomingMessage(
        channel=row["channel"],
        user_id=row["user_id"],
        kind=MessageKind(row["kind"]),
        text=row["text"],
        payload=row["payload"],
        platform_message_id=row["platform_message_id"],
        sent_at=dt.datetime.fromtimestamp(row["sent_at"], tz=dt.timezone.utc),
        raw=MappingProxyType(json.loads(row["raw"] or "{}")),
    )


class MessageStore:
    def __init__(self, database: Database, clock: Callable[[], float] = time.time) -> None:
        self._database = database
        self._clock = clock

    def now(self) -> float:
        return self._clock()

    def due_conversations(self, limit: int = 256) -> list[ConversationKey]:
        now = self._clock()
        rows = self._database.db.execute(
            """
            SELECT channel, user_id FROM inbox
             WHERE status = 'pending' AND next_attempt_at <= :now
            UNION
            SELECT channel, user_id FROM outbox
             WHERE status = 'pending' AND next_attempt_at <= :now
            LIMIT :limit""",
            {"now": now, "limit": limit},
        ).fetchall()
        return [(channel, user_id) for channel, user_id in rows]

    def seconds_until_next_due(self) -> float | None:
        row = self._database.db.execute(
            """
            SELECT MIN(t) FROM (
              SELECT MIN(next_attempt_at) AS t FROM inbox WHERE status = 'pending'
              UNION ALL
              SELECT MIN(next_attempt_at) AS t FROM outbox WHERE status = 'pending')"""
        ).fetchone()
        return None if row[0] is None else max(0.0, row[0] - self._clock())

    def next_inbox_row(self, key: ConversationKey) -> dict | None:
        """The oldest unanswered message of this user, if it is due: later ones wait, so
        a user's messages are answered in the order they were sent."""
        cursor = self._database.db.execute(
            "SELECT * FROM inbox WHERE channel = ? AND user_id = ? AND status = 'pending' "
            "ORDER BY id LIMIT 1",
            key,
        )
        columns = [column[0] for column in cursor.description]
        found = cursor.fetchone()
        if found is None:
            return None
        row = dict(zip(columns, found, strict=True))
        return row if row["next_attempt_at"] <= self._clock() else None

    def load_conversation(self, key: ConversationKey) -> Conversation:
        row = self._database.db.execute(
            "SELECT conversation FROM contacts WHERE channel = ? AND user_id = ?", key
        ).fetchone()
        return Conversation.from_dict(json.loads(row[0]) if row else None)

    def record_turn(
        self,
        inbox_row: dict,
        reply: CitizenReply,
        bodies: Sequence[list[dict]],
        route: QuestionRoute = UNROUTED,
    ) -> None:
        """Records everything the reply decided at once: its messages (each with its
        platform request bodies), the conversation, the message's outcome, the forwarded
        question (with its ``route``), the held news and answers it carries, and after an
        unfollow that the contact is gone. A crash leaves all of it or none of it."""
        now = self._clock()
        key = (inbox_row["channel"], inbox_row["user_id"])
        kind = MessageKind(inbox_row["kind"])
        interaction = kind in INTERACTIONS
        with self._database.transaction() as db:
            starts = (
                self._opens_conversation(db, key, inbox_row["sent_at"]) if interaction else None
            )
            for sequence, (message, message_bodies) in enumerate(
                zip(reply.messages, bodies, strict=True)
            ):
                _queue_reply(db, inbox_row["id"], sequence, key, message, message_bodies, now)
            _save_contact(
                db, key, reply.conversation, now, inbox_row["sent_at"] if interaction else None
            )
            if reply.forwarded is not None:
                QuestionStore.record_forwarded(
                    db, inbox_row["id"], key, reply.forwarded, route, now
                )
            _mark_answered(db, inbox_row["id"], reply.facts, starts, now)
            if reply.released_news:
                HeldNews.release(db, now, reply.released_news)
            if reply.released_answers:
                HeldAnswers.release(db, now, reply.released_answers)
            if kind is MessageKind.UNFOLLOW:
                _mark_unreachable(db, key, "unfollowed", now)

    @staticmethod
    def _opens_conversation(db: sqlite_utils.Database, key: ConversationKey, sent_at: float) -> int:
        """Read before the contact's last interaction is moved to this message."""
        row = db.execute(
            "SELECT last_inbound_at FROM contacts WHERE channel = ? AND user_id = ?", key
        ).fetchone()
        previous = row[0] if row else None
        return int(previous is None or sent_at - previous > CONVERSATION_GAP_SECONDS)

    def mark_unreachable(self, key: ConversationKey, reason: str) -> None:
        """The user blocked or unfollowed: pending replies fail now instead of retrying."""
        with self._database.transaction() as db:
            _mark_unreachable(db, key, reason, self._clock())


def _queue_reply(
    db: sqlite_utils.Database,
    inbox_id: int,
    sequence: int,
    key: ConversationKey,
    message: OutgoingMessage,
    bodies: list[dict],
    now: float,
) -> None:
    """Unique on (inbox id, sequence): recording the same turn twice queues it once."""
    quick_replies = [{"title": r.title, "payload": r.payload} for r in message.quick_replies]
    db.execute(
        """INSERT OR IGNORE INTO outbox
           (inbox_id, sequence, channel, user_id, text, quick_replies, bodies, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            inbox_id,
            sequence,
            *key,
            message.text,
            json.dumps(quick_replies, ensure_ascii=False),
            json.dumps(bodies, ensure_ascii=False),
            now,
        ),
    )


def _save_contact(
    db: sqlite_utils.Database,
    key: ConversationKey,
    conversation: Conversation,
    now: float,
    inbound_at: float | None,
) -> None:
    """Stores the conversation; an interaction (``inbound_at``) moves the contact's last
    inbound time, which opens the reply windows, and makes it reachable again."""
    db.execute(
        """INSERT INTO contacts (channel, user_id, conversation, first_seen_at,
                                 last_inbound_at)
           VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (channel, user_id) DO UPDATE SET
             conversation = excluded.conversation,
             last_inbound_at = COALESCE(
                MAX(contacts.last_inbound_at, excluded.last_inbound_at),
                contacts.last_inbound_at, excluded.last_inbound_at),
             unreachable_at = CASE WHEN excluded.last_inbound_at IS NULL
                                   THEN contacts.unreachable_at END,
             unreachable_reason = CASE WHEN excluded.last_inbound_at IS NULL
                                       THEN contacts.unreachable_reason END""",
        (*key, json.dumps(conversation.to_dict(), ensure_ascii=False), now, inbound_at),
    )


def _mark_answered(
    db: sqlite_utils.Database, inbox_id: int, facts: TurnFacts, starts: int | None, now: float
) -> None:
    feedback = facts.feedback
    db.execute(
        """UPDATE inbox SET status = 'answered', answered_at = ?, intent = ?,
                  confidence = ?, faq_id = ?, fallback = ?, error = ?,
                  feedback_helpful = ?, feedback_faq_id = ?, feedback_question_id = ?,
                  conversation_start = ?
           WHERE id = ?""",
        (
            now,
            facts.intent,
            facts.confidence,
            facts.faq_id,
            int(facts.fallback),
            facts.error,
            None if feedback is None else int(feedback.helpful),
            None if feedback is None else feedback.faq_id,
            None if feedback is None else feedback.question_id,
            starts,
            inbox_id,
        ),
    )


def _mark_unreachable(
    db: sqlite_utils.Database, key: ConversationKey, reason: str, now: float
) -> None:
    db.execute(
        """INSERT INTO contacts (channel, user_id, first_seen_at, unreachable_at,
                                 unreachable_reason)
           VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (channel, user_id) DO UPDATE SET
             unreachable_at = excluded.unreachable_at,
             unreachable_reason = excluded.unreachable_reason""",
        (*key, now, now, reason),
    )
    db.execute(
        "UPDATE outbox SET status = 'failed', error = ?, in_flight_part = NULL "
        "WHERE channel = ? AND user_id = ? AND status = 'pending'",
        (f"unreachable: {reason}", *key),
    )
