"""Forwarded questions as officials work on them: open → claimed → answered, or closed.

Every change is conditional on the status it was read with, so two officials cannot
both claim or both answer a question; the audit entry is written in the same
transaction as the change.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from bot.turn import ForwardedQuestion
from broadcasts.storage import Storage
from handoff.routing import QuestionRoute
from kernel.rules import RuleViolation

OPEN = "open"
CLAIMED = "claimed"
ANSWERED = "answered"
CLOSED = "closed"
STATUS_LABELS = {OPEN: "Chờ nhận", CLAIMED: "Đang xử lý", ANSWERED: "Đã trả lời",
                 CLOSED: "Đã đóng"}  # fmt: skip

_COLUMNS = (
    "id, inbox_id, channel, user_id, question, likely_faq_ids, status, field_code, "
    "commune_code, commune_source, created_at, claimed_by, claimed_at, answer, answered_by, "
    "answered_at, reply_text, delivery_status, delivery_route, delivery_reason, closed_by, "
    "closed_reason"
)


@dataclass(frozen=True)
class Question:
    id: int
    inbox_id: int
    channel: str
    user_id: str
    question: str
    likely_faq_ids: tuple[str, ...]
    status: str
    field_code: str | None
    commune_code: str | None
    commune_source: str | None
    created_at: float
    claimed_by: str | None
    claimed_at: float | None
    answer: str | None
    answered_by: str | None
    answered_at: float | None
    reply_text: str | None
    delivery_status: str | None
    delivery_route: str | None
    delivery_reason: str | None
    closed_by: str | None
    closed_reason: str | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class QuestionFilter:
    communes: frozenset[str] | None = None  # None: every commune, and those with none
    statuses: tuple[str, ...] = (OPEN, CLAIMED)
    field_code: str | None = None
    commune_code: str | None = None


def _question(row: tuple) -> Question:
    values = list(row)
    values[5] = tuple(json.loads(values[5] or "[]"))
    return Question(*values)


class QuestionStore:
    def __init__(self, database: Storage, clock: Callable[[], float] = time.time) -> None:
        self._database = database
        self._clock = clock

    @staticmethod
    def record_forwarded(
        db: sqlite_utils.Database,
        inbox_id: int,
        conversation: tuple[str, str],
        forwarded: ForwardedQuestion,
        route: QuestionRoute,
        now: float,
    ) -> None:
        """In the transaction that records the citizen's turn, so the question and the
        reply telling them it was forwarded exist together or not at all. Unique on the
        inbox row: a message forwards at most one question."""
        db.execute(
            """INSERT OR IGNORE INTO forwarded_questions
               (inbox_id, channel, user_id, question, likely_faq_ids, field_code,
                commune_code, commune_source, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                inbox_id,
                *conversation,
                forwarded.question,
                json.dumps(list(forwarded.likely_faq_ids)),
                route.field_code,
                route.commune_code,
                route.commune_source,
                now,
                now,
            ),
        )

    def get(self, question_id: int) -> Question:
        row = self._database.db.execute(
            f"SELECT {_COLUMNS} FROM forwarded_questions WHERE id = ?",  # noqa: S608 (fixed columns)
            (question_id,),
        ).fetchone()
        if row is None:
            raise LookupError(f"Không có câu hỏi số {question_id}.")
        return _question(row)

    def list(self, chosen: QuestionFilter, limit: int = 200) -> list[Question]:
        conditions = [f"status IN ({', '.join('?' for _ in chosen.statuses)})"]
        parameters: list = list(chosen.statuses)
        if chosen.communes is not None:
            conditions.append(f"commune_code IN ({', '.join('?' for _ in chosen.communes)})")
            parameters.extend(sorted(chosen.communes))
        if chosen.field_code:
            conditions.append("field_code = ?")
            parameters.append(chosen.field_code)
        if chosen.commune_code:
            conditions.append("commune_code = ?")
            parameters.append(chosen.commune_code)
        rows = self._database.db.execute(
            f"SELECT {_COLUMNS} FROM forwarded_questions WHERE {' AND '.join(conditions)} "  # noqa: S608 (placeholders only)
            "ORDER BY id LIMIT ?",
            (*parameters, int(limit)),
        ).fetchall()
        return [_question(row) for row in rows]

    def claim(self, db: sqlite_utils.Database, question_id: int, username: str) -> None:
        """Inside the caller's transaction; refuses a question someone else holds."""
        cursor = db.execute(
            "UPDATE forwarded_questions SET status = ?, claimed_by = ?, claimed_at = ?, "
            "updated_at = ? WHERE id = ? AND (status = ? OR (status = ? AND claimed_by = ?))",
            (CLAIMED, username, self._clock(), self._clock(), question_id, OPEN, CLAIMED,
             username),
        )  # fmt: skip
        if cursor.rowcount != 1:
            raise RuleViolation(self._why_not_free(db, question_id))

    def release(self, db: sqlite_utils.Database, question_id: int, username: str) -> None:
        cursor = db.execute(
            "UPDATE forwarded_questions SET status = ?, claimed_by = NULL, claimed_at = NULL, "
            "updated_at = ? WHERE id = ? AND status = ? AND claimed_by = ?",
            (OPEN, self._clock(), question_id, CLAIMED, username),
        )
        if cursor.rowcount != 1:
            raise RuleViolation("Bạn không giữ câu hỏi này.")

    def record_answer(
        self,
        db: sqlite_utils.Database,
        question_id: int,
        username: str,
        answer: str,
        reply_text: str,
        delivery: tuple[str, str, str, str],
    ) -> None:
        """Answers an open question, or one this official holds; ``delivery`` is
        (status, route, reason, reason code)."""
        now = self._clock()
        cursor = db.execute(
            "UPDATE forwarded_questions SET status = ?, answer = ?, answered_by = ?, "
            "answered_at = ?, reply_text = ?, delivery_status = ?, delivery_route = ?, "
            "delivery_reason = ?, delivery_reason_code = ?, "
            "claimed_by = COALESCE(claimed_by, ?), updated_at = ? "
            "WHERE id = ? AND (status = ? OR (status = ? AND claimed_by = ?))",
            (ANSWERED, answer, username, now, reply_text, *delivery, username, now, question_id,
             OPEN, CLAIMED, username),
        )  # fmt: skip
        if cursor.rowcount != 1:
            raise RuleViolation(self._why_not_free(db, question_id))

    def close(
        self, db: sqlite_utils.Database, question_id: int, username: str, reason: str
    ) -> None:
        """Closes without an answer (a duplicate, not a legal question, answered by phone)."""
        if not reason.strip():
            raise RuleViolation("Cần ghi lý do đóng câu hỏi.")
        cursor = db.execute(
            "UPDATE forwarded_questions SET status = ?, closed_by = ?, closed_reason = ?, "
            "updated_at = ? WHERE id = ? AND (status = ? OR (status = ? AND claimed_by = ?))",
            (CLOSED, username, reason.strip(), self._clock(), question_id, OPEN, CLAIMED,
             username),
        )  # fmt: skip
        if cursor.rowcount != 1:
            raise RuleViolation(self._why_not_free(db, question_id))

    def counts(self, communes: frozenset[str] | None) -> dict[str, int]:
        where, parameters = "", []
        if communes is not None:
            where = f"WHERE commune_code IN ({', '.join('?' for _ in communes)})"
            parameters = sorted(communes)
        rows = self._database.db.execute(
            f"SELECT status, COUNT(*) FROM forwarded_questions {where} GROUP BY status",  # noqa: S608 (placeholders only)
            parameters,
        ).fetchall()
        return dict(rows)

    def context(self, question: Question, limit: int = 6) -> list[tuple[float, str]]:
        """The citizen's messages up to the forwarded one, so the official reads the
        question as it was asked (times, text), oldest first."""
        rows = self._database.db.execute(
            "SELECT sent_at, text FROM inbox WHERE channel = ? AND user_id = ? AND id <= ? "
            "AND kind = 'text' AND text != '' ORDER BY id DESC LIMIT ?",
            (question.channel, question.user_id, question.inbox_id, limit),
        ).fetchall()
        return [(sent_at, text) for sent_at, text in reversed(rows)]

    @staticmethod
    def _why_not_free(db: sqlite_utils.Database, question_id: int) -> str:
        row = db.execute(
            "SELECT status, claimed_by FROM forwarded_questions WHERE id = ?", (question_id,)
        ).fetchone()
        if row is None:
            return f"Không có câu hỏi số {question_id}."
        status, claimed_by = row
        if status == CLAIMED:
            return f"Câu hỏi đang do {claimed_by} xử lý."
        return f"Câu hỏi đã ở trạng thái “{STATUS_LABELS.get(status, status)}”."
