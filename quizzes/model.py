"""Quizzes and contests as plain values: who may take part, when it is open, its questions.

A *practice* quiz tells each answer's result and explanation at once; a *contest* keeps
results and explanations until it ends, so no participant can pass the answers on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class Mode(Enum):
    PRACTICE = "practice"
    CONTEST = "contest"


class QuizStatus(Enum):
    DRAFT = "draft"
    APPROVED = "approved"  # frozen: open between its start and end
    CANCELLED = "cancelled"


class QuestionKind(Enum):
    CHOICE = "choice"  # 2 to 4 options
    TRUE_FALSE = "true_false"


TRUE_FALSE_OPTIONS = ("Đúng", "Sai")
MIN_OPTIONS = 2
MAX_OPTIONS = 4
LETTERS = "ABCD"


@dataclass(frozen=True)
class Question:
    text: str
    options: tuple[str, ...]
    correct: int  # index into options
    explanation: str
    legal_basis: str
    kind: QuestionKind = QuestionKind.CHOICE
    faq_id: str | None = None  # the knowledge-base entry it was drafted from
    position: int = 0
    id: int | None = None


@dataclass(frozen=True)
class Quiz:
    title: str
    rules: str
    mode: Mode
    starts_at: dt.datetime  # UTC
    ends_at: dt.datetime  # UTC
    author: str
    # None: every commune of the province; audiences None: every audience.
    target_communes: frozenset[str] | None = None
    audiences: frozenset[str] | None = None
    time_limit_minutes: int | None = None
    tie_break: bool = False  # ask participants to guess how many take part
    prize_rules: str = ""  # empty: no prizes, so no name or phone is ever asked
    status: QuizStatus = QuizStatus.DRAFT
    approved_by: str | None = None
    invitation_broadcast_id: int | None = None
    questions: tuple[Question, ...] = ()
    id: int | None = None
    history: tuple[tuple[str, str, dt.datetime], ...] = field(default=(), compare=False)

    @property
    def everyone(self) -> bool:
        return self.target_communes is None and self.audiences is None


@dataclass(frozen=True)
class Result:
    """One finished attempt as the ranking sees it."""

    attempt_id: int
    score: int
    finished_at: float  # epoch seconds
    guess: int | None = None
    phone: str | None = None
    commune_code: str | None = None
