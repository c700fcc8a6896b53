"""Participants' attempts and answers in SQLite, recorded server-side with their time.

One attempt per (quiz, channel, user); one answer per (attempt, question) and per
inbound message. A message handled twice (a crash between the answer and the reply)
finds its answer already recorded and gets the same reply, never a second count.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from broadcasts.storage import Storage

QUESTION = "question"
TIE_BREAK = "tie_break"
CONSENT = "consent"
NAME = "name"
PHONE = "phone"
RATING = "rating"
DONE = "done"
FINISHED_STEPS = (CONSENT, NAME, PHONE, RATING, DONE)

_COLUMNS = (
    "id, quiz_id, channel, user_id, commune_code, started_at, finished_at, step, paused, "
    "score, guess, prize_accepted, name, phone, rating"
)


@dataclass(frozen=True)
class Attempt:
    id: int
    quiz_id: int
    channel: str
    user_id: str
    commune_code: str | None
    started_at: float
    finished_at: float | None
    step: str
    paused: bool
    score: int
    guess: int | None
    prize_accepted: bool | None
    name: str | None
    phone: str | None
    rating: int | None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


@dataclass(frozen=True)
class Answer:
    question_id: int
    choice: int
    correct: bool
    answered_at: float


class AttemptStore:
    def __init__(self, database: Storage) -> None:
        self._database = database

    def find(self, quiz_id: int, channel: str, user_id: str) -> Attempt | None:
        row = self._database.db.execute(
            f"SELECT {_COLUMNS} FROM quiz_attempts "  # noqa: S608 (fixed column names)
            "WHERE quiz_id = ? AND channel = ? AND user_id = ?",
            (quiz_id, channel, user_id),
        ).fetchone()
        return Attempt(*row[:8], bool(row[8]), *row[9:]) if row else None

    def get(self, attempt_id: int) -> Attempt:
        row = self._database.db.execute(
            f"SELECT {_COLUMNS} FROM quiz_attempts WHERE id = ?",  # noqa: S608 (fixed column names)
            (attempt_id,),
        ).fetchone()
        if row is None:
            raise LookupError(attempt_id)
        return Attempt(*row[:8], bool(row[8]), *row[9:])

    def active(self, channel: str, user_id: str) -> Attempt | None:
        """The attempt the user's next message belongs to: not done and not paused."""
        row = self._database.db.execute(
            f"SELECT {_COLUMNS} FROM quiz_attempts "  # noqa: S608 (fixed column names)
            "WHERE channel = ? AND user_id = ? AND step != 'done' AND paused = 0 "
            "ORDER BY id DESC LIMIT 1",
            (channel, user_id),
        ).fetchone()
        return Attempt(*row[:8], bool(row[8]), *row[9:]) if row else None

    def of_user(self, channel: str, user_id: str) -> list[Attempt]:
        rows = self._database.db.execute(
            f"SELECT {_COLUMNS} FROM quiz_attempts "  # noqa: S608 (fixed column names)
            "WHERE channel = ? AND user_id = ? ORDER BY id DESC",
            (channel, user_id),
        ).fetchall()
        return [Attempt(*row[:8], bool(row[8]), *row[9:]) for row in rows]

    def start(
        self,
        quiz_id: int,
        channel: str,
        user_id: str,
        commune_code: str | None,
        audiences: Iterable[str],
        at: float,
    ) -> Attempt:
        """The user's attempt at the quiz: a new one, or the one they already have."""
        with self._database.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO quiz_attempts "
                "(quiz_id, channel, user_id, commune_code, audiences, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (quiz_id, channel, user_id, commune_code, json.dumps(sorted(audiences)), at),
            )
            db.execute(
                "UPDATE quiz_attempts SET paused = 0 WHERE quiz_id = ? AND channel = ? "
                "AND user_id = ?",
                (quiz_id, channel, user_id),
            )
        found = self.find(quiz_id, channel, user_id)
        assert found is not None  # noqa: S101 (just inserted or already there)
        return found

    def pause(self, attempt_id: int) -> None:
        with self._database.transaction() as db:
            db.execute("UPDATE quiz_attempts SET paused = 1 WHERE id = ?", (attempt_id,))

    def answers(self, attempt_id: int) -> list[Answer]:
        rows = self._database.db.execute(
            "SELECT question_id, choice, correct, answered_at FROM quiz_answers "
            "WHERE attempt_id = ? ORDER BY id",
            (attempt_id,),
        ).fetchall()
        return [
            Answer(question, choice, bool(correct), at) for question, choice, correct, at in rows
        ]

    def answer_of_message(self, message_key: str) -> tuple[int, Answer] | None:
        """(attempt id, answer) recorded for this inbound message, if any."""
        row = self._database.db.execute(
            "SELECT attempt_id, question_id, choice, correct, answered_at FROM quiz_answers "
            "WHERE message_key = ?",
            (message_key,),
        ).fetchone()
        if row is None:
            return None
        return row[0], Answer(row[1], row[2], bool(row[3]), row[4])

    def record_answer(
        self,
        attempt_id: int,
        question_id: int,
        choice: int,
        correct: bool,
        at: float,
        message_key: str,
    ) -> bool:
        """False when this question (or this message) was already answered."""
        with self._database.transaction() as db:
            try:
                db.execute(
                    "INSERT INTO quiz_answers (attempt_id, question_id, choice, correct, "
                    "answered_at, message_key) VALUES (?, ?, ?, ?, ?, ?)",
                    (attempt_id, question_id, choice, int(correct), at, message_key),
                )
            except sqlite3.IntegrityError:
                return False
            db.execute(
                "UPDATE quiz_attempts SET score = (SELECT COUNT(*) FROM quiz_answers "
                "WHERE attempt_id = ? AND correct = 1) WHERE id = ?",
                (attempt_id, attempt_id),
            )
        return True

    def move(self, attempt_id: int, step: str, **fields) -> Attempt:
        """Moves the attempt to ``step`` and sets the named columns (guess, name, …)."""
        allowed = {"finished_at", "guess", "prize_accepted", "name", "phone", "rating", "rated_at"}
        if not set(fields) <= allowed:
            raise ValueError(f"unknown attempt fields: {set(fields) - allowed}")
        assignments = "".join(f", {name} = ?" for name in fields)
        with self._database.transaction() as db:
            db.execute(
                f"UPDATE quiz_attempts SET step = ?{assignments} WHERE id = ?",  # noqa: S608 (fixed column names)
                (step, *fields.values(), attempt_id),
            )
        return self.get(attempt_id)

    def finish(self, attempt_id: int, step: str, at: float) -> Attempt:
        """Ends the answering once: the first finish time stands."""
        with self._database.transaction() as db:
            db.execute(
                "UPDATE quiz_attempts SET step = ?, finished_at = COALESCE(finished_at, ?) "
                "WHERE id = ?",
                (step, at, attempt_id),
            )
        return self.get(attempt_id)
