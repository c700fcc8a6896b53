"""Live statistics and the ranking of one quiz, limited to the communes an officer sees.

The ranking is computed over every participant (a place is a place province-wide); an
officer's scope only filters which rows they see.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from broadcasts.storage import Storage
from quizzes.model import Question, Quiz, Result
from quizzes.rules import Ranked, rank, winners_by_commune


@dataclass(frozen=True)
class HardQuestion:
    question: Question
    answered: int
    wrong: int

    @property
    def wrong_percent(self) -> int:
        return round(100 * self.wrong / self.answered) if self.answered else 0


@dataclass(frozen=True)
class QuizStatistics:
    participants: int
    finished: int
    distribution: dict[int, int]  # score -> finished attempts
    hardest: list[HardQuestion]  # most often answered wrong first
    helpful: int = 0  # ratings, as the reports' satisfaction counts them
    not_helpful: int = 0

    @property
    def completion_percent(self) -> int:
        return round(100 * self.finished / self.participants) if self.participants else 0

    @property
    def satisfaction_percent(self) -> int | None:
        rated = self.helpful + self.not_helpful
        return round(100 * self.helpful / rated) if rated else None


@dataclass(frozen=True)
class ResultRow:
    ranked: Ranked
    channel: str
    name: str | None
    phone: str | None


def _scope_sql(scope: frozenset[str] | None) -> tuple[str, list]:
    if scope is None:
        return "", []
    return f" AND commune_code IN ({', '.join('?' for _ in scope)})", sorted(scope)


def statistics(database: Storage, quiz: Quiz, scope: frozenset[str] | None) -> QuizStatistics:
    db = database.db
    where, arguments = _scope_sql(scope)
    participants, finished, helpful, not_helpful = db.execute(
        "SELECT COUNT(*), COUNT(finished_at), COALESCE(SUM(rating = 1), 0), "  # noqa: S608 (placeholders only)
        "COALESCE(SUM(rating = 0), 0) FROM quiz_attempts WHERE quiz_id = ?" + where,
        [quiz.id, *arguments],
    ).fetchone()
    distribution = Counter(
        dict(
            db.execute(
                "SELECT score, COUNT(*) FROM quiz_attempts WHERE quiz_id = ? "  # noqa: S608 (placeholders only)
                "AND finished_at IS NOT NULL" + where + " GROUP BY score",
                [quiz.id, *arguments],
            ).fetchall()
        )
    )
    per_question = {
        question_id: (answered, wrong)
        for question_id, answered, wrong in db.execute(
            "SELECT a.question_id, COUNT(*), SUM(1 - a.correct) FROM quiz_answers a "  # noqa: S608 (placeholders only)
            "JOIN quiz_attempts t ON t.id = a.attempt_id WHERE t.quiz_id = ?"
            + where.replace("commune_code", "t.commune_code")
            + " GROUP BY a.question_id",
            [quiz.id, *arguments],
        )
    }
    hardest = sorted(
        (HardQuestion(q, *per_question.get(q.id, (0, 0))) for q in quiz.questions),
        key=lambda hard: (-hard.wrong_percent, hard.question.position),
    )
    return QuizStatistics(
        participants,
        finished,
        {score: distribution.get(score, 0) for score in range(len(quiz.questions) + 1)},
        hardest,
        helpful,
        not_helpful,
    )


def ranking(database: Storage, quiz: Quiz) -> tuple[list[Ranked], dict[int, tuple]]:
    """Every finished attempt ranked, and each attempt's (channel, name, phone)."""
    rows = database.db.execute(
        "SELECT id, score, finished_at, guess, phone, commune_code, channel, name "
        "FROM quiz_attempts WHERE quiz_id = ? AND finished_at IS NOT NULL",
        (quiz.id,),
    ).fetchall()
    (participants,) = database.db.execute(
        "SELECT COUNT(*) FROM quiz_attempts WHERE quiz_id = ?", (quiz.id,)
    ).fetchone()
    results = [Result(row[0], row[1], row[2], row[3], row[4], row[5]) for row in rows]
    people = {row[0]: (row[6], row[7], row[4]) for row in rows}
    return rank(results, participants), people


def result_rows(
    database: Storage, quiz: Quiz, scope: frozenset[str] | None, personal: bool
) -> list[ResultRow]:
    """The ranking an officer may see; names and phones only when ``personal``."""
    ranked, people = ranking(database, quiz)
    rows = []
    for entry in ranked:
        if scope is not None and entry.result.commune_code not in scope:
            continue
        channel, name, phone = people[entry.result.attempt_id]
        rows.append(
            ResultRow(entry, channel, name if personal else None, phone if personal else None)
        )
    return rows


def winners(
    database: Storage,
    quiz: Quiz,
    scope: frozenset[str] | None,
    per_commune: int,
) -> dict[str | None, list[Ranked]]:
    ranked, _ = ranking(database, quiz)
    by_commune = winners_by_commune(ranked, per_commune)
    return {
        commune: entries
        for commune, entries in by_commune.items()
        if scope is None or commune in scope
    }
