"""A reply recorded on a real SQLite file, and a process that dies while recording it.

``python -m tests.server.record_crash_child <database>`` seeds the file, then records the
reply; a trigger on the last write (releasing the held answer) calls a function that
kills the process with SIGKILL, so the transaction is cut mid-way with no clean-up.
The helpers are shared with ``test_message_store.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from pathlib import Path

from bot import replies
from bot.conversation import Conversation
from bot.messages import IncomingMessage, MessageKind, OutgoingMessage
from bot.turn import ForwardedQuestion, Turn
from broadcasts.digest import HeldNews
from broadcasts.schema import create_broadcast_schema
from handoff.answering import HeldAnswers
from handoff.routing import NAMED, QuestionRoute
from server.citizen_reply import CitizenReply, HeldAnswer, HeldNewsPage, compose_reply
from server.database import Database
from server.inbox import SqliteInbox
from server.message_store import MessageStore
from server.schema import create_message_tables

USER = ("facebook", "PSID-1")
NOW = 1_795_300_000.0
ROUTE = QuestionRoute("dat_dai", "00070", NAMED)
FORWARDING_TURN = Turn(
    messages=(OutgoingMessage(replies.FORWARDED),),
    intent="ask_human",
    confidence=1.0,
    forwarded_question=ForwardedQuestion("hàng xóm xây lấn đất ở Hoàn Kiếm", ("dat_dai",)),
)


def open_seeded(path: Path) -> Database:
    """A citizen with one held news item, one held official's answer (to an earlier
    question) and one message waiting for its reply."""
    database = Database(path)
    create_message_tables(database.db)
    create_broadcast_schema(database.db)
    inbox = SqliteInbox(database, clock=lambda: NOW)
    for number in (0, 1):
        sent = dt.datetime.fromtimestamp(NOW - 60 + number, dt.timezone.utc)
        inbox.accept(
            [IncomingMessage(*USER, MessageKind.TEXT, "gặp cán bộ", None, f"m_{number}", sent)]
        )
    db = database.db
    db.execute("UPDATE inbox SET status = 'answered' WHERE platform_message_id = 'm_0'")
    db.execute(
        "INSERT INTO subscribers (id, channel, user_id, commune_code, consent_at, updated_at) "
        "VALUES (1, ?, ?, '00070', ?, ?)",
        (*USER, NOW, NOW),
    )
    db.execute(
        "INSERT INTO broadcasts (id, kind, title, body, author, audiences, channels, status, "
        "created_at, updated_at) VALUES (1, 'new_law', 'Luật Việc làm 2025', 'Tóm tắt.', "
        "'thu.nguyen', '[]', '[]', 'done', ?, ?)",
        (NOW, NOW),
    )
    db.execute(
        "INSERT INTO deliveries (broadcast_id, subscriber_id, channel, user_id, status, route, "
        "reason, created_at) VALUES (1, 1, ?, ?, 'held', 'held', 'outside the window', ?)",
        (*USER, NOW),
    )
    db.execute(
        "INSERT INTO forwarded_questions (inbox_id, channel, user_id, question, created_at, "
        "delivery_status, delivery_reason, reply_text, answered_at) "
        "VALUES ((SELECT id FROM inbox WHERE platform_message_id = 'm_0'), ?, ?, "
        "'Đất của tôi', ?, 'held', 'ngoài 7 ngày', 'Cán bộ trả lời: được.', ?)",
        (*USER, NOW, NOW),
    )
    return database


def waiting_row(store: MessageStore) -> dict:
    row = store.next_inbox_row(USER)
    assert row is not None and row["platform_message_id"] == "m_1"
    return row


def reply_for(database: Database) -> CitizenReply:
    """The reply the worker composes for the waiting message, from what the file holds."""
    items, more = HeldNews(database).page(*USER)
    answers = [HeldAnswer(*held) for held in HeldAnswers(database).pending(*USER)]
    return compose_reply(FORWARDING_TURN, Conversation(), HeldNewsPage(tuple(items), more), answers)


def record(database: Database) -> None:
    store = MessageStore(database, clock=lambda: NOW + 1)
    reply = reply_for(database)
    store.record_turn(waiting_row(store), reply, [[] for _ in reply.messages], ROUTE)


def main(path: str) -> None:
    database = open_seeded(Path(path))
    database.db.conn.create_function("die", 0, lambda: os.kill(os.getpid(), signal.SIGKILL))
    database.db.execute(
        "CREATE TRIGGER die_releasing_answer AFTER UPDATE OF delivery_status "
        "ON forwarded_questions BEGIN SELECT die(); END"
    )
    record(database)


if __name__ == "__main__":
    main(sys.argv[1])
