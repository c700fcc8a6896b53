"""The durable inbox on its own: deduplication, limits and what is queued."""

import datetime as dt

import pytest

from bot.messages import IncomingMessage, MessageKind
from server.database import Database
from server.inbox import MAX_TEXT_CHARS, SqliteInbox
from server.schema import create_message_tables

SENT = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def database(tmp_path):
    database = Database(tmp_path / "inbox.db")
    create_message_tables(database.db)
    yield database
    database.close()


def message(mid: str | None, text: str = "tạm trú", kind=MessageKind.TEXT, raw=None):
    return IncomingMessage("zalo", "u1", kind, text, None, mid, SENT, raw or {})


def rows(database) -> list[tuple]:
    return database.db.execute(
        "SELECT platform_message_id, kind, status, text_cut, length(text) FROM inbox ORDER BY id"
    ).fetchall()


def test_a_platforms_retry_of_the_same_message_is_stored_once_and_wakes_the_worker_once(
    database,
):
    wakes = []
    inbox = SqliteInbox(database, on_new=lambda: wakes.append(1), clock=lambda: 100.0)

    assert inbox.accept([message("m1")]) == 1
    assert inbox.accept([message("m1")]) == 0

    assert len(rows(database)) == 1 and wakes == [1]


def test_a_long_question_is_cut_and_marked_and_a_huge_raw_event_is_not_kept(database):
    SqliteInbox(database, clock=lambda: 100.0).accept(
        [message("m1", "a" * (MAX_TEXT_CHARS + 5), raw={"blob": "x" * 50_000})]
    )

    assert rows(database) == [("m1", "text", "pending", 1, MAX_TEXT_CHARS)]
    (raw,) = database.db.execute("SELECT raw FROM inbox").fetchone()
    assert "omitted" in raw and len(raw) < 100


def test_receipts_are_stored_done_and_a_message_without_an_id_gets_a_stable_one(database):
    inbox = SqliteInbox(database, clock=lambda: 100.0)
    inbox.accept([message(None, "", MessageKind.READ)])
    inbox.accept([message(None, "", MessageKind.READ)])

    ((key, kind, status, _, _),) = rows(database)
    assert (kind, status) == ("read", "done") and key.startswith("read:u1:")
