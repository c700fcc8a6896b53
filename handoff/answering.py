"""Answering a forwarded question: the answer is recorded and, in the same transaction,
either queued for the citizen's channel or held with the reason.

Queued answers go through the server's outbox, so they get the same guarantees as the
assistant's replies: retries with backoff, order per citizen, sent once after a crash.
Held answers follow the reply to the citizen's next message (``HeldAnswers``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import sqlite_utils

from bot.messages import OutgoingMessage
from broadcasts.routing import Recipient
from broadcasts.storage import Storage
from channels.registry import PLATFORMS, Platforms
from handoff.delivery_rules import (
    AnswerDecision,
    AnswerRoute,
    answer_bodies,
    answer_message,
    answer_problem,
    answer_route,
    reply_text,
)
from handoff.questions import QuestionStore
from kernel.identity import Officer
from kernel.rules import RuleViolation

QUEUED = "queued"
HELD = "held"
RELEASED = "released"
FAILED = "failed"
DELIVERY_LABELS = {QUEUED: "Đã xếp hàng gửi", HELD: "Đang giữ lại", RELEASED: "Đã gửi khi người dân nhắn lại",
                   FAILED: "Không gửi được", "sent": "Đã gửi", "pending": "Đang gửi"}  # fmt: skip


class ContactWindows(Protocol):
    def recipients(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Recipient]: ...


class AnswerOutbox(Protocol):
    """The server's outbox, for answers to forwarded questions."""

    def enqueue_in(
        self,
        db: sqlite_utils.Database,
        inbox_id: int,
        question_id: int,
        message: OutgoingMessage,
        bodies: list[dict],
    ) -> None:
        """Queues the answer to the question that inbox message asked, in ``db``'s
        transaction; the citizen's next rating ("hữu ích", or a choice's number where
        buttons show as text) then rates this answer."""
        ...

    def delivery_of(self, inbox_id: int) -> tuple[str, str | None] | None:
        """(outbox status, error) of the queued answer, if any."""
        ...


@dataclass(frozen=True)
class AnswerSettings:
    human_agent_enabled: bool = True
    zalo_paid_enabled: bool = False


class AnswerService:
    def __init__(
        self,
        database: Storage,
        questions: QuestionStore,
        windows: ContactWindows,
        outbox: AnswerOutbox,
        settings: AnswerSettings,
        on_queued: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.time,
        platforms: Platforms = PLATFORMS,
    ) -> None:
        self._database = database
        self._platforms = platforms
        self.questions = questions
        self._windows = windows
        self._outbox = outbox
        self._settings = settings
        self._on_queued = on_queued
        self._clock = clock

    def answer(
        self,
        question_id: int,
        officer: Officer,
        answer: str,
        signature: str,
        also: Callable[[sqlite_utils.Database, AnswerDecision], None] | None = None,
    ) -> AnswerDecision:
        """Records the answer and queues or holds it; ``also`` writes more (the audit
        entry) in the same transaction. Scope is the caller's check."""
        problem = answer_problem(answer)
        if problem:
            raise RuleViolation(problem)
        question = self.questions.get(question_id)
        key = (question.channel, question.user_id)
        recipient = self._windows.recipients([key]).get(key, Recipient(question.channel, None))
        now = dt.datetime.fromtimestamp(self._clock(), dt.timezone.utc)
        decision = answer_route(
            recipient,
            now,
            self._settings.human_agent_enabled,
            self._settings.zalo_paid_enabled,
            self._platforms,
        )
        text = reply_text(question.question, answer, signature)
        status = QUEUED if decision.sends_now else HELD
        if decision.route is AnswerRoute.UNREACHABLE:
            status = FAILED
        with self._database.transaction() as db:
            self.questions.record_answer(
                db,
                question_id,
                officer.username,
                answer.strip(),
                text,
                (status, decision.route.value, decision.reason, decision.code.value),
            )
            if status == QUEUED:
                message = answer_message(text, question_id)
                bodies = answer_bodies(
                    question.channel, question.user_id, message, decision.route, self._platforms
                )
                self._outbox.enqueue_in(db, question.inbox_id, question_id, message, bodies)
            if also is not None:
                also(db, decision)
        if status == QUEUED:
            self._on_queued()
        return decision

    def delivery(self, question_id: int) -> tuple[str, str | None]:
        """(status, reason) as officials should read it: the outbox's word once queued."""
        question = self.questions.get(question_id)
        if question.delivery_status == QUEUED:
            found = self._outbox.delivery_of(question.inbox_id)
            if found is not None:
                return found
        return question.delivery_status or "", question.delivery_reason


class HeldAnswers:
    """Answers held while the citizen's window was closed, released at their next message."""

    def __init__(self, database: Storage) -> None:
        self._database = database

    def pending(self, channel: str, user_id: str) -> list[tuple[int, str]]:
        """(question id, the text to send), oldest first."""
        rows = self._database.db.execute(
            "SELECT id, reply_text FROM forwarded_questions WHERE channel = ? AND user_id = ? "
            "AND delivery_status = ? ORDER BY answered_at",
            (channel, user_id, HELD),
        ).fetchall()
        return [(question_id, text) for question_id, text in rows]

    @staticmethod
    def release(db: sqlite_utils.Database, at: float, question_ids: Sequence[int]) -> None:
        """In the transaction that records the reply carrying them: never lost, never twice."""
        db.conn.executemany(
            "UPDATE forwarded_questions SET delivery_status = ?, updated_at = ?, "
            "delivery_reason = delivery_reason || ' → gửi kèm khi người dân nhắn lại' "
            "WHERE id = ? AND delivery_status = ?",
            [(RELEASED, at, question_id, HELD) for question_id in question_ids],
        )
