"""Quizzes and their questions in SQLite, as officers prepare and approve them.

Every change goes through ``quizzes.rules``: only a draft changes, a second officer
approves, and a change applies only if the status is still the one it was read with.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import replace

from broadcasts.storage import Storage
from kernel.identity import Officer
from kernel.rules import RuleViolation
from quizzes.model import Mode, Question, QuestionKind, Quiz, QuizStatus
from quizzes.rules import (
    FROZEN,
    authorise_approval,
    authorise_author,
    may_edit,
    question_problems,
)

_COLUMNS = (
    "id, title, rules, mode, starts_at, ends_at, target_communes, audiences, "
    "time_limit_minutes, tie_break, prize_rules, status, author, approved_by, "
    "invitation_broadcast_id"
)
_QUESTION_COLUMNS = "id, position, kind, text, options, correct, explanation, legal_basis, faq_id"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class QuizStore:
    def __init__(self, database: Storage, now: Callable[[], dt.datetime] = _utc_now) -> None:
        self._database = database
        self._now = now

    @property
    def database(self) -> Storage:
        return self._database

    def now(self) -> dt.datetime:
        return self._now()

    def create(self, quiz: Quiz, officer: Officer) -> Quiz:
        authorise_author(quiz, officer)
        row = _row(replace(quiz, author=officer.username, status=QuizStatus.DRAFT))
        with self._database.transaction() as db:
            cursor = db.execute(
                f"INSERT INTO quizzes ({', '.join(row)}, created_at, updated_at) "  # noqa: S608 (fixed column names)
                f"VALUES ({', '.join('?' for _ in row)}, ?, ?)",
                (*row.values(), time.time(), time.time()),
            )
            quiz_id = cursor.lastrowid
            for position, question in enumerate(quiz.questions, start=1):
                _insert_question(db, quiz_id, position, question)
            self._event(db, quiz_id, "draft", officer.username)
        return self.get(quiz_id)

    def get(self, quiz_id: int) -> Quiz:
        db = self._database.db
        row = db.execute(
            f"SELECT {_COLUMNS} FROM quizzes WHERE id = ?",  # noqa: S608 (fixed column names)
            (quiz_id,),
        ).fetchone()
        if row is None:
            raise LookupError(f"Không có cuộc thi số {quiz_id}.")
        questions = tuple(
            _question(q)
            for q in db.execute(
                f"SELECT {_QUESTION_COLUMNS} FROM quiz_questions "  # noqa: S608 (fixed column names)
                "WHERE quiz_id = ? ORDER BY position",
                (quiz_id,),
            )
        )
        events = tuple(
            (event, actor, dt.datetime.fromisoformat(at))
            for event, actor, at in db.execute(
                "SELECT event, actor, at FROM quiz_events WHERE quiz_id = ? ORDER BY id", (quiz_id,)
            )
        )
        return replace(_quiz(row), questions=questions, history=events)

    def list(self, limit: int = 200) -> list[Quiz]:
        rows = self._database.db.execute(
            f"SELECT {_COLUMNS} FROM quizzes ORDER BY id DESC LIMIT ?",  # noqa: S608 (fixed column names)
            (limit,),
        ).fetchall()
        return [_quiz(row) for row in rows]

    def approved_between(self, at: dt.datetime) -> list[Quiz]:
        """Approved quizzes open at ``at``, latest start first, with their questions."""
        stamp = at.astimezone(dt.timezone.utc).isoformat()
        ids = self._database.db.execute(
            "SELECT id FROM quizzes WHERE status = 'approved' AND starts_at <= ? AND ends_at > ? "
            "ORDER BY starts_at DESC, id DESC",
            (stamp, stamp),
        ).fetchall()
        return [self.get(quiz_id) for (quiz_id,) in ids]

    def update_draft(self, quiz_id: int, officer: Officer, **changes) -> Quiz:
        current = self._editable(quiz_id, officer)
        edited = replace(current, **changes)
        authorise_author(edited, officer)
        row = _row(edited)
        row.pop("status")
        with self._database.transaction() as db:
            self._update(db, quiz_id, row)
            self._event(db, quiz_id, "edited", officer.username)
        return self.get(quiz_id)

    def save_question(self, quiz_id: int, officer: Officer, question: Question) -> Quiz:
        """Adds a question at the end."""
        _refuse_problems(question)
        current = self._editable(quiz_id, officer)
        with self._database.transaction() as db:
            self._update(db, quiz_id, {})
            _insert_question(db, quiz_id, len(current.questions) + 1, question)
            self._event(db, quiz_id, "question_saved", officer.username)
        return self.get(quiz_id)

    def edit_question(
        self, quiz_id: int, officer: Officer, position: int, question: Question
    ) -> Quiz:
        """Replaces the question at ``position`` in place: it keeps its place and its id,
        so the quiz's order and anything that names the question stay as they were."""
        _refuse_problems(question)
        current = self._editable(quiz_id, officer)
        if all(existing.position != position for existing in current.questions):
            raise LookupError(f"Cuộc thi số {quiz_id} không có câu {position}.")
        with self._database.transaction() as db:
            self._update(db, quiz_id, {})
            db.execute(
                "UPDATE quiz_questions SET kind = ?, text = ?, options = ?, correct = ?, "
                "explanation = ?, legal_basis = ?, faq_id = ? WHERE quiz_id = ? AND position = ?",
                (*_question_values(question), quiz_id, position),
            )
            self._event(db, quiz_id, "question_edited", officer.username)
        return self.get(quiz_id)

    def remove_question(self, quiz_id: int, officer: Officer, position: int) -> Quiz:
        self._editable(quiz_id, officer)
        with self._database.transaction() as db:
            self._update(db, quiz_id, {})
            db.execute(
                "DELETE FROM quiz_questions WHERE quiz_id = ? AND position = ?",
                (quiz_id, position),
            )
            # Close the gap, past the unique key: move the later ones out of range first.
            db.execute(
                "UPDATE quiz_questions SET position = -position WHERE quiz_id = ? AND position > ?",
                (quiz_id, position),
            )
            db.execute(
                "UPDATE quiz_questions SET position = -position - 1 "
                "WHERE quiz_id = ? AND position < 0",
                (quiz_id,),
            )
            self._event(db, quiz_id, "question_removed", officer.username)
        return self.get(quiz_id)

    def approve(self, quiz_id: int, officer: Officer) -> Quiz:
        current = self.get(quiz_id)
        authorise_approval(current, officer, self._now())
        self._move(quiz_id, current.status, QuizStatus.APPROVED, officer, approved_by=True)
        return self.get(quiz_id)

    def cancel(self, quiz_id: int, officer: Officer) -> Quiz:
        current = self.get(quiz_id)
        if current.status is QuizStatus.CANCELLED:
            raise RuleViolation("Cuộc thi đã hủy.")
        if not officer.may_target(current.target_communes):
            raise RuleViolation("Bạn không có quyền với xã, phường của cuộc thi này.")
        self._move(quiz_id, current.status, QuizStatus.CANCELLED, officer)
        return self.get(quiz_id)

    def set_invitation(self, quiz_id: int, broadcast_id: int, actor: str) -> None:
        with self._database.transaction() as db:
            db.execute(
                "UPDATE quizzes SET invitation_broadcast_id = ? WHERE id = ?",
                (broadcast_id, quiz_id),
            )
            self._event(db, quiz_id, "invited", actor)

    def _editable(self, quiz_id: int, officer: Officer) -> Quiz:
        current = self.get(quiz_id)
        if not may_edit(current):
            raise RuleViolation(FROZEN)
        authorise_author(current, officer)
        return current

    def _update(self, db, quiz_id: int, row: dict) -> None:
        assignments = "".join(f"{name} = ?, " for name in row)
        cursor = db.execute(
            f"UPDATE quizzes SET {assignments}updated_at = ? "  # noqa: S608 (fixed column names)
            "WHERE id = ? AND status = 'draft'",
            (*row.values(), time.time(), quiz_id),
        )
        if cursor.rowcount != 1:
            raise RuleViolation("Cuộc thi vừa được người khác duyệt hoặc hủy; bạn tải lại trang.")

    def _move(
        self,
        quiz_id: int,
        was: QuizStatus,
        to: QuizStatus,
        officer: Officer,
        approved_by: bool = False,
    ) -> None:
        with self._database.transaction() as db:
            cursor = db.execute(
                "UPDATE quizzes SET status = ?, approved_by = COALESCE(?, approved_by), "
                "updated_at = ? WHERE id = ? AND status = ?",
                (
                    to.value,
                    officer.username if approved_by else None,
                    time.time(),
                    quiz_id,
                    was.value,
                ),
            )
            if cursor.rowcount != 1:
                raise RuleViolation("Cuộc thi vừa được người khác thay đổi; bạn tải lại trang.")
            self._event(db, quiz_id, to.value, officer.username)

    def _event(self, db, quiz_id: int, event: str, actor: str) -> None:
        db.execute(
            "INSERT INTO quiz_events (quiz_id, event, actor, at) VALUES (?, ?, ?, ?)",
            (quiz_id, event, actor, self._now().isoformat()),
        )


def _refuse_problems(question: Question) -> None:
    problems = question_problems(question)
    if problems:
        raise RuleViolation(" ".join(f"Câu hỏi {problem}" for problem in problems))


def _insert_question(db, quiz_id: int, position: int, question: Question) -> None:
    db.execute(
        "INSERT INTO quiz_questions (quiz_id, position, kind, text, options, correct, "
        "explanation, legal_basis, faq_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (quiz_id, position, *_question_values(question)),
    )


def _question_values(question: Question) -> tuple:
    """The question's columns after ``position``, as stored: trimmed, options as JSON."""
    return (
        question.kind.value,
        question.text.strip(),
        json.dumps([option.strip() for option in question.options], ensure_ascii=False),
        question.correct,
        question.explanation.strip(),
        question.legal_basis.strip(),
        question.faq_id,
    )


def _codes(values: frozenset[str] | None) -> str | None:
    return json.dumps(sorted(values)) if values is not None else None


def _row(quiz: Quiz) -> dict:
    return {
        "title": quiz.title.strip(),
        "rules": quiz.rules.strip(),
        "mode": quiz.mode.value,
        "starts_at": quiz.starts_at.astimezone(dt.timezone.utc).isoformat(),
        "ends_at": quiz.ends_at.astimezone(dt.timezone.utc).isoformat(),
        "target_communes": _codes(quiz.target_communes),
        "audiences": _codes(quiz.audiences),
        "time_limit_minutes": quiz.time_limit_minutes,
        "tie_break": int(quiz.tie_break),
        "prize_rules": quiz.prize_rules.strip(),
        "author": quiz.author,
        "status": quiz.status.value,
    }


def _quiz(row: tuple) -> Quiz:
    (id_, title, rules, mode, starts, ends, communes, audiences, limit, tie_break, prize,
     status, author, approved_by, invitation) = row  # fmt: skip
    return Quiz(
        id=id_,
        title=title,
        rules=rules,
        mode=Mode(mode),
        starts_at=dt.datetime.fromisoformat(starts),
        ends_at=dt.datetime.fromisoformat(ends),
        target_communes=frozenset(json.loads(communes)) if communes is not None else None,
        audiences=frozenset(json.loads(audiences)) if audiences is not None else None,
        time_limit_minutes=limit,
        tie_break=bool(tie_break),
        prize_rules=prize,
        status=QuizStatus(status),
        author=author,
        approved_by=approved_by,
        invitation_broadcast_id=invitation,
    )


def _question(row: tuple) -> Question:
    id_, position, kind, text, options, correct, explanation, basis, faq_id = row
    return Question(
        id=id_,
        position=position,
        kind=QuestionKind(kind),
        text=text,
        options=tuple(json.loads(options)),
        correct=correct,
        explanation=explanation,
        legal_basis=basis,
        faq_id=faq_id,
    )
