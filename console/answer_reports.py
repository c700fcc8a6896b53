"""What citizens ask and how well they are answered: the FAQ answers given most, the
questions the assistant declined (the knowledge base's to-do list), and satisfaction
against the target. Definitions as in ``console.reports``.

Satisfaction counts every helpful / not-helpful rating citizens give: of the knowledge
base's answers, of officials' answers and of the legal quizzes (the same two buttons,
once per attempt), each source apart and all together against the 90 % target."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.text_normalization import fold_diacritics
from console.quiz_reach import quiz_ratings, quiz_ratings_by_period
from console.reports import (
    SATISFACTION_TARGET,
    Connection,
    ReportScope,
    Table,
    local_time_label,
    period_label,
    period_sql,
    rate,
    scoped_messages,
)


@dataclass(frozen=True)
class Satisfaction:
    helpful: int
    not_helpful: int
    rate: float | None
    target: float
    meets_target: bool | None


def top_topics(
    db: Connection, scope: ReportScope, faq_titles: Mapping[str, str], limit: int = 10
) -> Table:
    """FAQs by times answered, with the ratings they received; a rating counts in the
    period it was given, which may follow the answer's."""
    cte, parameters = scoped_messages(scope)
    rows = db.execute(
        f"""{cte}
        SELECT faq, SUM(answered) AS times, SUM(helpful), SUM(not_helpful) FROM (
            SELECT faq_id AS faq, 1 AS answered, 0 AS helpful, 0 AS not_helpful
            FROM scoped WHERE kind IN ('text', 'choice') AND faq_id IS NOT NULL
            UNION ALL
            SELECT feedback_faq_id, 0, feedback_helpful = 1, feedback_helpful = 0
            FROM scoped WHERE feedback_faq_id IS NOT NULL AND feedback_helpful IS NOT NULL
        ) GROUP BY faq ORDER BY times DESC, faq LIMIT :limit""",  # noqa: S608 (fixed fragments)
        {**parameters, "limit": limit},
    ).fetchall()
    return Table(
        key="top-topics",
        title="Chủ đề được hỏi nhiều nhất",
        columns=("Mã câu hỏi", "Câu hỏi", "Số lần trả lời", "Hữu ích", "Chưa hữu ích"),
        rows=tuple(
            (faq_id, faq_titles.get(faq_id, faq_id), times, helpful, not_helpful)
            for faq_id, times, helpful, not_helpful in rows
        ),
    )


@dataclass
class _Question:
    wording: str
    times: int
    last_at: float
    forwarded: bool


def question_key(text: str) -> str:
    """The form under which the same question, typed differently, is counted once."""
    return " ".join(fold_diacritics(text).casefold().split())


def top_unanswered(db: Connection, scope: ReportScope, limit: int = 20) -> Table:
    """Typed questions the assistant declined, most asked first. Grouping is done here, not
    in SQL, because SQLite cannot fold Vietnamese diacritics."""
    cte, parameters = scoped_messages(scope)
    rows = db.execute(
        f"""{cte}
        SELECT text, sent_at, EXISTS (
            SELECT 1 FROM forwarded_questions f
            WHERE f.inbox_id = scoped.id
               OR (f.channel = scoped.channel AND f.user_id = scoped.user_id
                   AND f.question = scoped.text))
        FROM scoped WHERE kind = 'text' AND fallback = 1
        ORDER BY sent_at, id""",  # noqa: S608 (fixed fragments)
        parameters,
    )
    questions: dict[str, _Question] = {}
    for text, sent_at, forwarded in rows:
        question = questions.setdefault(question_key(text), _Question(text, 0, sent_at, False))
        question.wording, question.last_at = text, sent_at
        question.times += 1
        question.forwarded = question.forwarded or bool(forwarded)
    ranked = sorted(questions.values(), key=lambda q: (-q.times, -q.last_at))[:limit]
    return Table(
        key="top-unanswered",
        title="Câu hỏi trợ lý chưa trả lời được",
        columns=(
            "Câu hỏi (lần hỏi gần nhất)",
            "Số lần hỏi",
            "Lần hỏi gần nhất",
            "Đã chuyển cán bộ",
        ),
        rows=tuple(
            (q.wording, q.times, local_time_label(q.last_at), "Có" if q.forwarded else "Không")
            for q in ranked
        ),
    )


def satisfaction(db: Connection, scope: ReportScope) -> Satisfaction:
    cte, parameters = scoped_messages(scope)
    helpful, not_helpful = db.execute(
        f"""{cte}
        SELECT COALESCE(SUM(feedback_helpful = 1), 0), COALESCE(SUM(feedback_helpful = 0), 0)
        FROM scoped""",  # noqa: S608 (fixed fragments)
        parameters,
    ).fetchone()
    quiz_helpful, quiz_not_helpful = quiz_ratings(db, scope)
    return _satisfaction(helpful + quiz_helpful, not_helpful + quiz_not_helpful)


# Who gave the answer a rating was about: the knowledge base or an official.
_SOURCES = (
    ("Câu trả lời từ kho hỏi đáp", "feedback_faq_id IS NOT NULL"),
    ("Câu trả lời của cán bộ (câu hỏi chuyển)", "feedback_question_id IS NOT NULL"),
)
QUIZ_SOURCE = "Cuộc thi tìm hiểu pháp luật"
ALL_SOURCES = "Tất cả"


def satisfaction_by_source(db: Connection, scope: ReportScope) -> Table:
    """Ratings of the knowledge base's answers, of officials' answers and of the quizzes,
    apart, then together: the plans' 90 % target is about what people received."""
    cte, parameters = scoped_messages(scope)
    sums = ", ".join(
        f"COALESCE(SUM(feedback_helpful = 1 AND {condition}), 0), "
        f"COALESCE(SUM(feedback_helpful = 0 AND {condition}), 0)"
        for _, condition in _SOURCES
    )
    counts = db.execute(
        f"{cte} SELECT {sums}, COALESCE(SUM(feedback_helpful = 1), 0), "  # noqa: S608 (fixed fragments)
        "COALESCE(SUM(feedback_helpful = 0), 0) FROM scoped WHERE feedback_helpful IS NOT NULL",
        parameters,
    ).fetchone()
    quiz_helpful, quiz_not_helpful = quiz_ratings(db, scope)
    answers_helpful, answers_not_helpful = counts[-2:]
    figures = [
        *(
            (label, _satisfaction(counts[2 * index], counts[2 * index + 1]))
            for index, (label, _) in enumerate(_SOURCES)
        ),
        (QUIZ_SOURCE, _satisfaction(quiz_helpful, quiz_not_helpful)),
        (
            ALL_SOURCES,
            _satisfaction(answers_helpful + quiz_helpful, answers_not_helpful + quiz_not_helpful),
        ),
    ]
    return Table(
        key="satisfaction-source",
        title="Mức độ hài lòng theo nguồn",
        columns=("Nguồn", "Hữu ích", "Chưa hữu ích", "Tỉ lệ hài lòng", "Đạt mục tiêu 90 %"),
        rows=tuple(
            (label, s.helpful, s.not_helpful, s.rate, _yes_no(s.meets_target))
            for label, s in figures
        ),
    )


def _satisfaction(helpful: int, not_helpful: int) -> Satisfaction:
    value = rate(helpful, helpful + not_helpful)
    return Satisfaction(
        helpful=helpful,
        not_helpful=not_helpful,
        rate=value,
        target=SATISFACTION_TARGET,
        meets_target=None if value is None else value >= SATISFACTION_TARGET,
    )


def satisfaction_by_period(db: Connection, scope: ReportScope, granularity: str) -> Table:
    cte, parameters = scoped_messages(scope)
    rows = db.execute(
        f"""{cte}
        SELECT {period_sql(granularity)} AS period, SUM(feedback_helpful = 1),
               SUM(feedback_helpful = 0)
        FROM scoped WHERE feedback_helpful IS NOT NULL
        GROUP BY period ORDER BY period""",  # noqa: S608 (fixed fragments)
        parameters,
    ).fetchall()
    ratings = {period: (helpful, not_helpful) for period, helpful, not_helpful in rows}
    for period, (helpful, not_helpful) in quiz_ratings_by_period(db, scope, granularity).items():
        earlier = ratings.get(period, (0, 0))
        ratings[period] = (earlier[0] + helpful, earlier[1] + not_helpful)
    figures = [(period, _satisfaction(*ratings[period])) for period in sorted(ratings)]
    return Table(
        key=f"satisfaction-{granularity}",
        title="Mức độ hài lòng của người dân",
        columns=("Kỳ", "Hữu ích", "Chưa hữu ích", "Tỉ lệ hài lòng", "Đạt mục tiêu 90 %"),
        rows=tuple(
            (period_label(period), s.helpful, s.not_helpful, s.rate, _yes_no(s.meets_target))
            for period, s in figures
        ),
    )


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Đạt" if value else "Chưa đạt")
