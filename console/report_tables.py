"""Which report tables a page shows, built for one scope; the CSV export and the pages
read the same list, so a download always matches what the officer saw."""

from __future__ import annotations

import datetime as dt

from bot.audiences import AUDIENCE_LABELS
from broadcasts.model import Officer
from console.answer_reports import satisfaction_by_period, top_topics, top_unanswered
from console.permissions import commune_scope
from console.reach_reports import broadcast_reach, subscribers_by_audience, subscribers_by_commune
from console.reports import (
    GRANULARITIES,
    VIETNAM,
    ReportScope,
    Table,
    activity,
    activity_by_commune,
)
from console.services import ConsoleServices

DEFAULT_DAYS = 30
MAX_DAYS = 3 * 366


def scope_from(args, officer: Officer) -> tuple[ReportScope, str]:
    """Pure but for today's date: the period asked for (last 30 days by default, at
    most three years), the officer's commune scope, and the granularity."""
    today = dt.datetime.now(VIETNAM).date()
    end = _date(args.get("end")) or today
    start = _date(args.get("start")) or end - dt.timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        start, end = end, start
    start = max(start, end - dt.timedelta(days=MAX_DAYS))
    granularity = args.get("granularity", "day")
    if granularity not in GRANULARITIES:
        granularity = "day"
    channel = args.get("channel") or None
    if channel not in (None, "zalo", "facebook", "simulator"):
        channel = None
    return ReportScope(start, end, commune_scope(officer), channel), granularity


def report_tables(services: ConsoleServices, scope: ReportScope, granularity: str) -> list[Table]:
    db = services.database.db
    names = services.commune_names()
    titles = {faq.id: faq.title for faq in services.knowledge_base().faqs}
    return [
        activity(db, scope, granularity),
        activity_by_commune(db, scope, names),
        top_topics(db, scope, titles, limit=20),
        top_unanswered(db, scope, limit=30),
        satisfaction_by_period(db, scope, granularity),
        subscribers_by_commune(db, scope, names),
        subscribers_by_audience(db, scope, AUDIENCE_LABELS),
        broadcast_reach(db, scope),
    ]


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
