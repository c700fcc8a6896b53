"""The year's figures for the province's annual report on Decision 766/QĐ-TTg (digital
legal dissemination): use, answers, satisfaction against the target, forwarded
questions, subscribers, broadcasts and legal quizzes, with the tables behind them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.audiences import AUDIENCE_LABELS
from broadcasts.communes import Commune
from console.answer_reports import (
    Satisfaction,
    satisfaction,
    satisfaction_by_period,
    satisfaction_by_source,
    top_topics,
)
from console.area_reach import reach_by_area
from console.quiz_reach import (
    quiz_participation,
    quiz_participation_by_audience,
    quiz_participation_by_commune,
    quiz_totals,
)
from console.reach_reports import broadcast_reach, subscribers_by_audience
from console.reports import (
    Connection,
    ReportScope,
    Table,
    activity,
    activity_by_commune,
    answer_summary,
    epoch_bounds,
    in_list,
    snapshot,
)


@dataclass(frozen=True)
class YearlySummary:
    year: int
    conversations: int
    unique_users: int
    messages: int
    answered: int
    fallback_rate: float | None
    satisfaction: Satisfaction
    forwarded: int
    forwarded_answered: int
    new_subscribers: int
    active_subscribers_at_year_end: int
    broadcasts_sent: int
    messages_delivered: int
    quiz_participants: int  # unique users who started a quiz in the year
    quiz_attempts_finished: int
    tables: tuple[Table, ...]


def yearly_summary(
    db: Connection,
    year: int,
    communes: frozenset[str] | None,
    faq_titles: Mapping[str, str],
    commune_names: Mapping[str, str],
    audience_labels: Mapping[str, str] = AUDIENCE_LABELS,
    province_communes: Sequence[Commune] = (),
    populations: Mapping[str, int] | None = None,
) -> YearlySummary:
    """Subscribers by audience are today's active ones: audiences keep no history. Reach
    by area needs the province's communes (their type) and, for shares, populations."""
    whole_year = ReportScope(dt.date(year, 1, 1), dt.date(year, 12, 31), communes)
    with snapshot(db, whole_year) as scope:
        return _summary(
            db, year, scope, faq_titles, commune_names, audience_labels,
            reach_by_area(db, scope, list(province_communes), populations or {}),
        )  # fmt: skip


def _summary(
    db: Connection,
    year: int,
    scope: ReportScope,
    faq_titles: Mapping[str, str],
    commune_names: Mapping[str, str],
    audience_labels: Mapping[str, str],
    area_reach: Table,
) -> YearlySummary:
    answers = answer_summary(db, scope)
    broadcasts = broadcast_reach(db, scope)
    new_subscribers, active_at_end = _subscriber_counts(db, scope)
    quiz_participants, quiz_finished = quiz_totals(db, scope)
    sent = broadcasts.columns.index("Đã gửi")
    released = broadcasts.columns.index("Gửi trong bản tin gộp")
    return YearlySummary(
        year=year,
        conversations=answers.conversations,
        unique_users=answers.unique_users,
        messages=answers.messages,
        answered=answers.answered,
        fallback_rate=answers.fallback_rate,
        satisfaction=satisfaction(db, scope),
        forwarded=answers.forwarded,
        forwarded_answered=answers.forwarded_answered,
        new_subscribers=new_subscribers,
        active_subscribers_at_year_end=active_at_end,
        broadcasts_sent=len(broadcasts.rows),
        messages_delivered=sum(row[sent] + row[released] for row in broadcasts.rows),
        quiz_participants=quiz_participants,
        quiz_attempts_finished=quiz_finished,
        tables=(
            activity(db, scope, "month"),
            area_reach,
            satisfaction_by_source(db, scope),
            satisfaction_by_period(db, scope, "month"),
            activity_by_commune(db, scope, commune_names),
            top_topics(db, scope, faq_titles),
            subscribers_by_audience(db, scope, audience_labels),
            broadcasts,
            quiz_participation(db, scope, "month"),
            quiz_participation_by_commune(db, scope, commune_names),
            quiz_participation_by_audience(db, scope, audience_labels),
        ),
    )


def _subscriber_counts(db: Connection, scope: ReportScope) -> tuple[int, int]:
    """(consented during the year, active at its end). A subscriber was active at the end
    if they consented before it and are still active, or left only after it; an
    unreachable one counts by when the row last changed, the only time recorded."""
    start, end = epoch_bounds(scope)
    condition, parameters = "1", {}
    if scope.communes is not None:
        condition, parameters = in_list("commune_code", "commune", scope.communes)
    return db.execute(
        f"""SELECT COALESCE(SUM(consent_at >= :start AND consent_at < :end), 0),
                   COALESCE(SUM(consent_at < :end AND (
                       status = 'active'
                       OR (status = 'unsubscribed' AND unsubscribed_at >= :end)
                       OR (status = 'unreachable' AND updated_at >= :end))), 0)
            FROM subscribers WHERE {condition}""",  # noqa: S608 (fixed fragments)
        {**parameters, "start": start, "end": end},
    ).fetchone()
