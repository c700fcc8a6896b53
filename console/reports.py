"""Report tables over the chatbot's own SQLite file, for the officers' console and exports.

Definitions, shared by every report so that figures agree from page to page:

- Vietnam time is UTC+7 with no daylight saving: the local date of an epoch value is
  ``date(sent_at, 'unixepoch', '+7 hours')``. Scope dates are local dates, inclusive.
- User messages are inbox rows of kind text, choice, attachment or follow; delivery and
  read receipts are never counted.
- A conversation is a run of one user's messages (same channel and user id) with no gap
  longer than ``CONVERSATION_GAP_SECONDS``; it belongs to the period of its first message.
- Unique users are distinct (channel, user id) pairs with a message in the period.
- A user's commune is their subscriber row's commune, whatever its status; users with none
  are "Chưa rõ xã, phường" and fall outside any scope limited to communes.
- Among text and choice messages, answered means an FAQ answer was given (faq_id set) and
  fallback means the assistant declined; fallback rate = fallback / (answered + fallback).
- Satisfaction rate = helpful / (helpful + not helpful) ratings, against the 90 % target
  of Decision 766/QĐ-TTg.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import sqlite_utils

from bot.conversation import CONVERSATION_GAP_SECONDS
from console.channel_labels import channel_label

_USER_KINDS = "('text', 'choice', 'attachment', 'follow')"
SATISFACTION_TARGET = 0.9
# A fixed offset, not a zone database entry: it must agree with SQLite's '+7 hours'.
VIETNAM = dt.timezone(dt.timedelta(hours=7))
UNKNOWN_COMMUNE = "Chưa rõ xã, phường"
GRANULARITIES = ("day", "month", "year")

Connection = sqlite_utils.Database | sqlite3.Connection

# Fixed SQL fragments keyed by granularity: never built from what a user typed.
_PERIOD_SQL = {
    "day": "date({time}, 'unixepoch', '+7 hours')",
    "month": "strftime('%Y-%m', {time}, 'unixepoch', '+7 hours')",
    "year": "strftime('%Y', {time}, 'unixepoch', '+7 hours')",
}
_ANSWERED = "kind IN ('text', 'choice') AND faq_id IS NOT NULL"
_FALLBACK = "kind IN ('text', 'choice') AND fallback = 1"
_ANSWER_COLUMNS = ("Đã trả lời", "Chưa trả lời được", "Tỉ lệ chưa trả lời được")


@dataclass(frozen=True)
class Table:
    key: str  # slug, used as the CSV file name: "activity-day", "top-topics"...
    title: str  # Vietnamese title shown above the table
    columns: tuple[str, ...]  # Vietnamese column headers
    rows: tuple[tuple, ...]  # values: str, int, float (rates as 0..1 floats), or None


@dataclass(frozen=True)
class ReportScope:
    start: dt.date  # inclusive, Vietnam local date
    end: dt.date  # inclusive, Vietnam local date
    communes: frozenset[str] | None = None  # None: whole province; else these commune codes
    channel: str | None = None  # a registered channel's name, or None for all
    # A temporary table already holding the scope's messages (see ``snapshot``).
    snapshot: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class AnswerSummary:
    messages: int
    answered: int
    fallback: int
    fallback_rate: float | None
    conversations: int
    unique_users: int
    forwarded: int
    forwarded_answered: int


def epoch_bounds(scope: ReportScope) -> tuple[float, float]:
    """[start, end) in epoch seconds: from local midnight of start to local midnight after end."""
    start = dt.datetime.combine(scope.start, dt.time(), VIETNAM)
    end = dt.datetime.combine(scope.end + dt.timedelta(days=1), dt.time(), VIETNAM)
    return start.timestamp(), end.timestamp()


def in_list(column: str, name: str, values: Iterable[str]) -> tuple[str, dict[str, str]]:
    """``column IN (:name0, :name1, …)`` with its parameters; an empty set matches nothing."""
    parameters = {f"{name}{index}": value for index, value in enumerate(sorted(values))}
    if not parameters:
        return "0", {}
    return f"{column} IN ({', '.join(':' + key for key in parameters)})", parameters


def scope_conditions(
    scope: ReportScope, channel_column: str, commune_column: str
) -> tuple[list[str], dict]:
    """The scope's channel and commune limits on the given (fixed) columns, with their
    bound values: one place for what every report means by "this channel, these communes"."""
    conditions: list[str] = []
    parameters: dict = {}
    if scope.channel is not None:
        conditions.append(f"{channel_column} = :channel")
        parameters["channel"] = scope.channel
    if scope.communes is not None:
        condition, codes = in_list(commune_column, "commune", scope.communes)
        conditions.append(condition)
        parameters.update(codes)
    return conditions, parameters


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def period_label(period: str) -> str:
    """Officers' order: "2025-03-07" → "07/03/2025", "2025-03" → "03/2025", "2025" stays."""
    return "/".join(reversed(period.split("-")))


def local_time_label(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, VIETNAM).strftime("%d/%m/%Y %H:%M")


def scoped_messages(scope: ReportScope) -> tuple[str, dict]:
    """A WITH clause defining ``scoped``: the scope's user messages with ``starts`` (opens a
    conversation) and ``person`` (channel and user id). ``starts`` is the worker's mark;
    a message it has not marked yet (or from before the mark existed) is compared with
    the user's previous message, through the (channel, user, time) index."""
    if scope.snapshot is not None:
        return f"WITH scoped AS (SELECT * FROM temp.{scope.snapshot})", {}  # noqa: S608 (our own name)
    start, end = epoch_bounds(scope)
    limits, parameters = scope_conditions(scope, "i.channel", "s.commune_code")
    conditions = [f"i.kind IN {_USER_KINDS}", "i.sent_at >= :start", "i.sent_at < :end", *limits]
    parameters |= {"start": start, "end": end}
    cte = f"""WITH scoped AS (
        SELECT i.id, i.channel, i.user_id, i.kind, i.text, i.sent_at, i.faq_id, i.fallback,
               i.feedback_helpful, i.feedback_faq_id, i.feedback_question_id, s.commune_code,
               COALESCE(i.conversation_start, (
                   SELECT MAX(p.sent_at) IS NULL OR i.sent_at - MAX(p.sent_at) > {CONVERSATION_GAP_SECONDS}
                   FROM inbox p
                   WHERE p.channel = i.channel AND p.user_id = i.user_id
                     AND p.kind IN {_USER_KINDS}
                     AND (p.sent_at < i.sent_at OR (p.sent_at = i.sent_at AND p.id < i.id))
               )) AS starts,
               i.channel || char(31) || i.user_id AS person
        FROM inbox i LEFT JOIN subscribers s ON s.channel = i.channel AND s.user_id = i.user_id
        WHERE {" AND ".join(conditions)}
    )"""  # noqa: S608 (fixed fragments)
    return cte, parameters


@contextmanager
def snapshot(db: Connection, scope: ReportScope) -> Iterator[ReportScope]:
    """The scope's messages read once into a temporary table: a page showing several
    reports of one period (the yearly summary shows seven) reads the inbox once, not
    once per report. Temporary tables belong to the connection, so threads never share."""
    if scope.snapshot is not None:  # already read: nested pages share it
        yield scope
        return
    name = f"scoped_{uuid.uuid4().hex}"
    cte, parameters = scoped_messages(scope)
    db.execute(f"CREATE TEMP TABLE {name} AS {cte} SELECT * FROM scoped", parameters)  # noqa: S608 (our own name)
    try:
        yield replace(scope, snapshot=name)
    finally:
        db.execute(f"DROP TABLE IF EXISTS temp.{name}")


def period_sql(granularity: str, time_column: str = "sent_at") -> str:
    """The local period of an epoch column; ``time_column`` is one of our fixed names."""
    if granularity not in _PERIOD_SQL:
        raise ValueError(f"unknown granularity {granularity!r}: one of {GRANULARITIES}")
    return _PERIOD_SQL[granularity].format(time=time_column)


def activity(db: Connection, scope: ReportScope, granularity: str) -> Table:
    cte, parameters = scoped_messages(scope)
    rows = db.execute(
        f"""{cte}
        SELECT {period_sql(granularity)} AS period, channel, SUM(starts),
               COUNT(DISTINCT user_id), COUNT(*), SUM({_ANSWERED}), SUM({_FALLBACK})
        FROM scoped GROUP BY period, channel ORDER BY period, channel""",  # noqa: S608 (fixed fragments)
        parameters,
    ).fetchall()
    return Table(
        key=f"activity-{granularity}",
        title="Hoạt động theo " + {"day": "ngày", "month": "tháng", "year": "năm"}[granularity],
        columns=("Kỳ", "Kênh", "Cuộc hội thoại", "Người dùng", "Tin nhắn", *_ANSWER_COLUMNS),
        rows=tuple(
            (period_label(period), channel_label(channel), conversations, users, messages)
            + (answered, fallback)
            + (rate(fallback, answered + fallback),)
            for period, channel, conversations, users, messages, answered, fallback in rows
        ),
    )


def activity_totals(
    db: Connection, scope: ReportScope, granularity: str
) -> list[tuple[str, int, int]]:
    """(period label, conversations, unique users) across channels for every period of the
    scope, quiet ones as zeros, so a chart's bars stand at their true place in time."""
    cte, parameters = scoped_messages(scope)
    found = {
        period: (conversations, users)
        for period, conversations, users in db.execute(
            f"""{cte}
            SELECT {period_sql(granularity)} AS period, SUM(starts), COUNT(DISTINCT person)
            FROM scoped GROUP BY period""",  # noqa: S608 (fixed fragments)
            parameters,
        )
    }
    return [(period_label(p), *found.get(p, (0, 0))) for p in _periods(scope, granularity)]


def _periods(scope: ReportScope, granularity: str) -> list[str]:
    formats = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
    periods: list[str] = []
    day = scope.start
    while day <= scope.end:
        period = day.strftime(formats[granularity])
        if not periods or periods[-1] != period:
            periods.append(period)
        day += dt.timedelta(days=1)
    return periods


def activity_by_commune(
    db: Connection, scope: ReportScope, commune_names: Mapping[str, str]
) -> Table:
    cte, parameters = scoped_messages(scope)
    rows = db.execute(
        f"""{cte}
        SELECT commune_code, SUM(starts), COUNT(DISTINCT person), SUM({_ANSWERED}),
               SUM({_FALLBACK})
        FROM scoped GROUP BY commune_code
        ORDER BY commune_code IS NULL, commune_code""",  # noqa: S608 (fixed fragments)
        parameters,
    ).fetchall()
    return Table(
        key="activity-commune",
        title="Hoạt động theo xã, phường",
        columns=(
            "Mã xã, phường",
            "Tên xã, phường",
            "Cuộc hội thoại",
            "Người dùng",
            *_ANSWER_COLUMNS,
        ),
        rows=tuple(
            (
                code,
                commune_names.get(code, code) if code else UNKNOWN_COMMUNE,
                conversations,
                users,
                answered,
                fallback,
                rate(fallback, answered + fallback),
            )
            for code, conversations, users, answered, fallback in rows
        ),
    )


def answer_summary(db: Connection, scope: ReportScope) -> AnswerSummary:
    cte, parameters = scoped_messages(scope)
    messages, answered, fallback, conversations, users = db.execute(
        f"""{cte}
        SELECT COUNT(*), COALESCE(SUM({_ANSWERED}), 0), COALESCE(SUM({_FALLBACK}), 0),
               COALESCE(SUM(starts), 0), COUNT(DISTINCT person)
        FROM scoped""",  # noqa: S608 (fixed fragments)
        parameters,
    ).fetchone()
    forwarded, forwarded_answered = _forwarded_counts(db, scope)
    return AnswerSummary(
        messages=messages,
        answered=answered,
        fallback=fallback,
        fallback_rate=rate(fallback, answered + fallback),
        conversations=conversations,
        unique_users=users,
        forwarded=forwarded,
        forwarded_answered=forwarded_answered,
    )


def _forwarded_counts(db: Connection, scope: ReportScope) -> tuple[int, int]:
    """Questions forwarded to officers in the period, and how many of them got an answer;
    the commune is the question's own (named by the citizen or their subscription)."""
    start, end = epoch_bounds(scope)
    limits, parameters = scope_conditions(scope, "channel", "commune_code")
    conditions = ["created_at >= :start", "created_at < :end", *limits]
    parameters |= {"start": start, "end": end}
    return db.execute(
        f"""SELECT COUNT(*), COALESCE(SUM(status = 'answered' OR answered_at IS NOT NULL), 0)
        FROM forwarded_questions WHERE {" AND ".join(conditions)}""",  # noqa: S608 (fixed fragments)
        parameters,
    ).fetchone()
