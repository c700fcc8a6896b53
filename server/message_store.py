"""What the worker reads and writes: due conversations, inbox rows, outbox rows, contacts.

``record_turn`` writes a turn's replies, the conversation state and the inbox status in
one transaction: after a crash either all of it happened (the replies wait in the outbox)
or none did (the message is answered again), so each message is answered exactly once.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import sqlite_utils

from bot.assistant import Turn
from bot.conversation import CONVERSATION_GAP_SECONDS, Conversation
from bot.messages import IncomingMessage, MessageKind, OutgoingMessage
from handoff.routing import QuestionRoute
from server.database import Database

ConversationKey = tuple[str, str]  # (channel, user_id)

# Messages that show the user is there: they open the platforms' reply windows.
INTERACTIONS = {MessageKind.TEXT, MessageKind.CHOICE, MessageKind.ATTACHMENT, MessageKind.FOLLOW}


@dataclass(frozen=True)
class ForwardedQuestion:
    question: str
    likely_faq_ids: tuple[str, ...]
    route: QuestionRoute = QuestionRoute()


@dataclass(frozen=True)
class TurnFacts:
    """What the inbox keeps of a turn, for the reports: the intent acted on, the answer
    given, and the citizen's rating of an earlier answer if this message gave one."""

    intent: str | None = None
    confidence: float | None = None
    faq_id: str | None = None
    fallback: bool = False
    error: str | None = None  # the exception's type name when the assistant failed
    feedback_helpful: bool | None = None
    feedback_faq_id: str | None = None
    feedback_question_id: int | None = None

    @classmethod
    def of(cls, turn: Turn) -> TurnFacts:
        feedback = turn.feedback
        return cls(
            intent=turn.intent,
            confidence=turn.confidence,
            faq_id=turn.faq_id,
            fallback=turn.fallback,
            feedback_helpful=None if feedback is None else feedback.helpful,
            feedback_faq_id=None if feedback is None else feedback.faq_id,
            feedback_question_id=None if feedback is None else feedback.question_id,
        )

    @classmethod
    def failed(cls, error: Exception) -> TurnFacts:
        return cls(intent="error", error=type(error).__name__)


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
        replies: Sequence[tuple[OutgoingMessage, list[dict]]],
        conversation: Conversation,
        turn_facts: TurnFacts,
        forwarded: Sequence[ForwardedQuestion] = (),
        also: Callable[[sqlite_utils.Database, float], None] | None = None,
    ) -> None:
        """Records the replies, the conversation and the message's outcome at once;
        ``also`` writes more in the same transaction (releasing held news)."""
        now = self._clock()
        key = (inbox_row["channel"], inbox_row["user_id"])
        interaction = MessageKind(inbox_row["kind"]) in INTERACTIONS
        with self._database.transaction() as db:
            starts = (
                self._opens_conversation(db, key, inbox_row["sent_at"]) if interaction else None
            )
            for sequence, (message, bodies) in enumerate(replies):
                db.execute(
                    """INSERT OR IGNORE INTO outbox
                       (inbox_id, sequence, channel, user_id, text, quick_replies, bodies,
                        created_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        inbox_row["id"],
                        sequence,
                        *key,
                        message.text,
                        json.dumps(
                            [
                                {"title": r.title, "payload": r.payload}
                                for r in message.quick_replies
                            ],
                            ensure_ascii=False,
                        ),
                        json.dumps(bodies, ensure_ascii=False),
                        now,
                    ),
                )
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
                (
                    *key,
                    json.dumps(conversation.to_dict(), ensure_ascii=False),
                    now,
                    inbox_row["sent_at"] if interaction else None,
                ),
            )
            for item in forwarded:
                db.execute(
                    """INSERT OR IGNORE INTO forwarded_questions
                       (inbox_id, channel, user_id, question, likely_faq_ids, field_code,
                        commune_code, commune_source, created_at, updated_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        inbox_row["id"],
                        *key,
                        item.question,
                        json.dumps(item.likely_faq_ids),
                        item.route.field_code,
                        item.route.commune_code,
                        item.route.commune_source,
                        now,
                        now,
                    ),
                )
            db.execute(
                """UPDATE inbox SET status = 'answered', answered_at = ?, intent = ?,
                          confidence = ?, faq_id = ?, fallback = ?, error = ?,
                          feedback_helpful = ?, feedback_faq_id = ?, feedback_question_id = ?,
                          conversation_start = ?
                   WHERE id = ?""",
                (
                    now,
                    turn_facts.intent,
                    turn_facts.confidence,
                    turn_facts.faq_id,
                    int(turn_facts.fallback),
                    turn_facts.error,
                    None
                    if turn_facts.feedback_helpful is None
                    else int(turn_facts.feedback_helpful),
                    turn_facts.feedback_faq_id,
                    turn_facts.feedback_question_id,
                    starts,
                    inbox_row["id"],
                ),
            )
            if also is not None:
                also(db, now)

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
        now = self._clock()
        with self._database.transaction() as db:
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
