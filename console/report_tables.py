"""Which report tables a page shows, built for one scope; the CSV export and the pages
read the same list, so a download always matches what the officer saw."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.audiences import AUDIENCE_LABELS
from channels.registry import PLATFORMS
from console.answer_reports import (
    Satisfaction,
    satisfaction,
    satisfaction_by_period,
    satisfaction_by_source,
    top_topics,
    top_unanswered,
)
from console.quiz_reach import (
    quiz_participation,
    quiz_participation_by_audience,
    quiz_participation_by_commune,
)
from console.reach_reports import broadcast_reach, subscribers_by_audience, subscribers_by_commune
from console.reports import (
    GRANULARITIES,
    VIETNAM,
    AnswerSummary,
    Connection,
    ReportScope,
    Table,
    activity,
    activity_by_commune,
    activity_totals,
    answer_summary,
    snapshot,
)
from kernel.identity import Officer
from kernel.permissions import commune_scope

DEFAULT_DAYS = 30
MAX_DAYS = 3 * 366


# Reports cover the product's life: nothing before this, nothing past a year from now
# (a far-future date would overflow the date arithmetic).
EARLIEST_REPORT_DATE = dt.date(2020, 1, 1)


class ReportRangeError(ValueError):
    """A period the reports cannot cover; the message is for the officer (400)."""


def scope_from(args, officer: Officer) -> tuple[ReportScope, str]:
    """Pure but for today's date: the period asked for (last 30 days by default, at
    most three years), the officer's commune scope, and the granularity. Raises
    ReportRangeError for a malformed date or one outside the reports' range."""
    today = dt.datetime.now(VIETNAM).date()
    latest = today + dt.timedelta(days=366)
    end = _date(args.get("end"), EARLIEST_REPORT_DATE, latest) or today
    start = _date(args.get("start"), EARLIEST_REPORT_DATE, latest) or end - dt.timedelta(
        days=DEFAULT_DAYS - 1
    )
    if start > end:
        start, end = end, start
    start = max(start, end - dt.timedelta(days=MAX_DAYS))
    granularity = args.get("granularity", "day")
    if granularity not in GRANULARITIES:
        granularity = "day"
    channel = args.get("channel") or None
    if channel not in (None, *PLATFORMS.names):
        channel = None
    return ReportScope(start, end, commune_scope(officer), channel), granularity


TableBuilder = Callable[[Connection, ReportScope, Mapping[str, str], Mapping[str, str]], Table]


def _builders(granularity: str) -> dict[str, TableBuilder]:
    """Each table of the reports page by its key (the CSV file name)."""
    return {
        f"activity-{granularity}": lambda db, scope, names, titles: activity(
            db, scope, granularity
        ),
        "activity-commune": lambda db, scope, names, titles: activity_by_commune(db, scope, names),
        "top-topics": lambda db, scope, names, titles: top_topics(db, scope, titles, limit=20),
        "top-unanswered": lambda db, scope, names, titles: top_unanswered(db, scope, limit=30),
        "satisfaction-source": lambda db, scope, names, titles: satisfaction_by_source(db, scope),
        f"satisfaction-{granularity}": lambda db, scope, names, titles: satisfaction_by_period(
            db, scope, granularity
        ),
        "subscribers-commune": lambda db, scope, names, titles: subscribers_by_commune(
            db, scope, names
        ),
        "subscribers-audience": lambda db, scope, names, titles: subscribers_by_audience(
            db, scope, AUDIENCE_LABELS
        ),
        "broadcast-reach": lambda db, scope, names, titles: broadcast_reach(db, scope),
        f"quiz-{granularity}": lambda db, scope, names, titles: quiz_participation(
            db, scope, granularity
        ),
        "quiz-commune": lambda db, scope, names, titles: quiz_participation_by_commune(
            db, scope, names
        ),
        "quiz-audience": lambda db, scope, names, titles: quiz_participation_by_audience(
            db, scope, AUDIENCE_LABELS
        ),
    }


def report_tables(
    db: Connection,
    scope: ReportScope,
    granularity: str,
    commune_names: Mapping[str, str],
    faq_titles: Mapping[str, str],
    only: str | None = None,
) -> list[Table]:
    """The reports page's tables (or the one named ``only``, for its CSV), reading the
    period's messages once for all of them."""
    builders = _builders(granularity)
    if only is not None:
        builders = {only: builders[only]} if only in builders else {}
    with snapshot(db, scope) as shared:
        return [build(db, shared, commune_names, faq_titles) for build in builders.values()]


@dataclass(frozen=True)
class DashboardFigures:
    summary: AnswerSummary
    satisfaction: Satisfaction
    satisfaction_by_source: Table
    daily: list[tuple[str, int, int]]
    topics: Table
    unanswered: Table


def dashboard_figures(
    db: Connection, scope: ReportScope, faq_titles: Mapping[str, str]
) -> DashboardFigures:
    """What the dashboard shows for the last 30 days, from one read of the messages."""
    with snapshot(db, scope) as shared:
        return DashboardFigures(
            summary=answer_summary(db, shared),
            satisfaction=satisfaction(db, shared),
            satisfaction_by_source=satisfaction_by_source(db, shared),
            daily=activity_totals(db, shared, "day"),
            topics=top_topics(db, shared, faq_titles, limit=8),
            unanswered=top_unanswered(db, shared, limit=8),
        )


def _date(value: str | None, earliest: dt.date, latest: dt.date) -> dt.date | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ReportRangeError(f"Ngày “{value[:20]}” không hợp lệ; hãy chọn lại ngày.") from None
    if not earliest <= day <= latest:
        raise ReportRangeError(
            f"Báo cáo chỉ có từ {earliest:%d/%m/%Y} đến {latest:%d/%m/%Y}; hãy chọn lại ngày."
        )
    return day
