"""The worker marks the messages that open a conversation (no message from the user in
the previous 30 minutes), so reports count conversations without re-deriving them."""

import datetime as dt

from bot.messages import IncomingMessage, MessageKind
from console.reports import ReportScope, answer_summary
from server.services import services_of
from tests.server.support import database_of, worker_of

START = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.timezone.utc)


def message(user: str, minutes: int, mid: str, kind=MessageKind.TEXT) -> IncomingMessage:
    return IncomingMessage("simulator", user, kind, "xin chào", None, mid,
                           START + dt.timedelta(minutes=minutes))  # fmt: skip


def test_a_gap_over_thirty_minutes_opens_a_new_conversation(make_app):
    app = make_app()
    services_of(app).inbox.accept(
        [
            message("u1", 0, "a"),
            message("u1", 10, "b"),  # same conversation
            message("u1", 41, "c"),  # 31 minutes later: a new one
            message("u2", 12, "d"),  # another user's first message
        ]
    )
    worker_of(app).process_due()
    marks = (
        database_of(app)
        .execute("SELECT platform_message_id, conversation_start FROM inbox ORDER BY id")
        .fetchall()
    )
    assert marks == [("a", 1), ("b", 0), ("c", 1), ("d", 1)]
    day = START.date()
    summary = answer_summary(database_of(app), ReportScope(day, day))
    assert (summary.conversations, summary.unique_users) == (3, 2)
