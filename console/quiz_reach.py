"""Whom the legal quizzes reached: participants (unique users) by period, commune and
audience, and the quizzes' helpful / not-helpful ratings for the satisfaction figures.

A participant is a (channel, user id) pair with an attempt started in the period, counted
once per row however many quizzes they took. Their commune and audiences are the ones
recorded when the attempt began (the ones that made them eligible); an attempt with no
commune is "Chưa rõ xã, phường" and, as in every report, falls outside a commune scope.
A rating counts in the period it was given, like a rating of an answer.
"""

from __future__ import annotations

from collections.abc import Mapping

from channels.registry import PLATFORMS
from console.channel_labels import channel_labels
from console.reports import (
    UNKNOWN_COMMUNE,
    Connection,
    ReportScope,
    Table,
    epoch_bounds,
    period_label,
    period_sql,
    scope_conditions,
)

_PERIOD_TITLES = {"day": "ngày", "month": "tháng", "year": "năm"}


def _attempt_conditions(scope: ReportScope, time_column: str) -> tuple[str, dict]:
    """The scope's period on ``time_column`` (a fixed column of quiz_attempts ``t``), its
    channel and its communes."""
    start, end = epoch_bounds(scope)
    limits, parameters = scope_conditions(scope, "t.channel", "t.commune_code")
    conditions = [f"t.{time_column} >= :start", f"t.{time_column} < :end", *limits]
    return " AND ".join(conditions), parameters | {"start": start, "end": end}


def _participant_counts() -> tuple[str, dict[str, str]]:
    """Unique participants per channel, in officers' order, then in all."""
    names = PLATFORMS.names
    counts = "".join(
        f"COUNT(DISTINCT CASE WHEN t.channel = :count_channel{index} THEN t.user_id END), "
        for index in range(len(names))
    )
    return (
        f"{counts}COUNT(DISTINCT t.channel || char(31) || t.user_id)",
        {f"count_channel{i}": name for i, name in enumerate(names)},
    )


def _columns() -> tuple[str, ...]:
    return (*channel_labels().values(), "Tổng người tham gia", "Lượt hoàn thành bài")


def quiz_participation(db: Connection, scope: ReportScope, granularity: str) -> Table:
    """Participants per period of the attempt's start, and the attempts finished."""
    condition, parameters = _attempt_conditions(scope, "started_at")
    counts, channels = _participant_counts()
    period = period_sql(granularity, "t.started_at")
    rows = db.execute(
        f"SELECT {period} AS period, {counts}, COUNT(t.finished_at) "  # noqa: S608 (fixed fragments)
        f"FROM quiz_attempts t WHERE {condition} GROUP BY period ORDER BY period",
        parameters | channels,
    ).fetchall()
    return Table(
        key=f"quiz-{granularity}",
        title=f"Người tham gia cuộc thi theo {_PERIOD_TITLES[granularity]}",
        columns=("Kỳ", *_columns()),
        rows=tuple((period_label(period), *counts) for period, *counts in rows),
    )


def quiz_participation_by_commune(
    db: Connection, scope: ReportScope, commune_names: Mapping[str, str]
) -> Table:
    condition, parameters = _attempt_conditions(scope, "started_at")
    counts, channels = _participant_counts()
    rows = db.execute(
        f"SELECT t.commune_code, {counts}, COUNT(t.finished_at) FROM quiz_attempts t "  # noqa: S608 (fixed fragments)
        f"WHERE {condition} GROUP BY t.commune_code "
        "ORDER BY t.commune_code IS NULL, t.commune_code",
        parameters | channels,
    ).fetchall()
    return Table(
        key="quiz-commune",
        title="Người tham gia cuộc thi theo xã, phường",
        columns=("Mã xã, phường", "Tên xã, phường", *_columns()),
        rows=tuple(
            (code, commune_names.get(code, code) if code else UNKNOWN_COMMUNE, *counts)
            for code, *counts in rows
        ),
    )


def quiz_participation_by_audience(
    db: Connection, scope: ReportScope, audience_labels: Mapping[str, str]
) -> Table:
    """Every labelled audience shown even when none; a participant in two audiences
    counts in both, so the rows do not add up to a total."""
    condition, parameters = _attempt_conditions(scope, "started_at")
    counts, channels = _participant_counts()
    found = {
        audience: tuple(numbers)
        for audience, *numbers in db.execute(
            f"SELECT a.value, {counts}, COUNT(t.finished_at) FROM quiz_attempts t "  # noqa: S608 (fixed fragments)
            f"JOIN json_each(t.audiences) a WHERE {condition} GROUP BY a.value",
            parameters | channels,
        )
    }
    none = (0,) * (len(channels) + 2)
    audiences = [*audience_labels, *sorted(set(found) - set(audience_labels))]
    return Table(
        key="quiz-audience",
        title="Người tham gia cuộc thi theo đối tượng",
        columns=("Đối tượng", *_columns()),
        rows=tuple(
            (audience_labels.get(audience, audience), *found.get(audience, none))
            for audience in audiences
        ),
    )


def quiz_totals(db: Connection, scope: ReportScope) -> tuple[int, int]:
    """(unique participants, attempts finished) in the scope's period."""
    condition, parameters = _attempt_conditions(scope, "started_at")
    return db.execute(
        "SELECT COUNT(DISTINCT t.channel || char(31) || t.user_id), COUNT(t.finished_at) "  # noqa: S608 (fixed fragments)
        f"FROM quiz_attempts t WHERE {condition}",
        parameters,
    ).fetchone()


def quiz_ratings(db: Connection, scope: ReportScope) -> tuple[int, int]:
    """(helpful, not helpful) ratings of quizzes given in the scope's period."""
    condition, parameters = _attempt_conditions(scope, "rated_at")
    return db.execute(
        "SELECT COALESCE(SUM(t.rating = 1), 0), COALESCE(SUM(t.rating = 0), 0) "  # noqa: S608 (fixed fragments)
        f"FROM quiz_attempts t WHERE t.rating IS NOT NULL AND {condition}",
        parameters,
    ).fetchone()


def quiz_ratings_by_period(
    db: Connection, scope: ReportScope, granularity: str
) -> dict[str, tuple[int, int]]:
    """Period (as SQL writes it, "2025-03") -> (helpful, not helpful) quiz ratings."""
    condition, parameters = _attempt_conditions(scope, "rated_at")
    period = period_sql(granularity, "t.rated_at")
    return {
        found: (helpful, not_helpful)
        for found, helpful, not_helpful in db.execute(
            f"SELECT {period} AS period, SUM(t.rating = 1), SUM(t.rating = 0) "  # noqa: S608 (fixed fragments)
            f"FROM quiz_attempts t WHERE t.rating IS NOT NULL AND {condition} GROUP BY period",
            parameters,
        )
    }
