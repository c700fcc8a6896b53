"""Recording a reply: its messages, the conversation, the message's outcome, the forwarded
question and the held items it carries are written in one transaction, on a real SQLite
file, so a failure or a crash half-way leaves nothing behind and the message is answered
again, once. Also the order it answers a citizen's messages in."""

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.conversation import Conversation
from bot.messages import IncomingMessage, MessageKind, OutgoingMessage
from bot.turn import Feedback
from server.citizen_reply import CitizenReply, TurnFacts
from server.database import Database
from server.inbox import SqliteInbox
from server.message_store import MessageStore
from server.schema import create_message_tables
from tests.server.record_crash_child import NOW, USER, open_seeded, record

ROOT = Path(__file__).resolve().parents[2]
SENT = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.timezone.utc)


def state(path: Path) -> dict:
    """What the file holds, read through a fresh connection."""
    database = Database(path)
    db = database.db
    contact = db.execute(
        "SELECT conversation, last_inbound_at FROM contacts WHERE channel = ? AND user_id = ?",
        USER,
    ).fetchone()
    found = {
        "outbox": [row[0] for row in db.execute("SELECT text FROM outbox ORDER BY sequence")],
        "message": db.execute(
            "SELECT status, intent FROM inbox WHERE platform_message_id = 'm_1'"
        ).fetchone(),
        "questions": db.execute(
            "SELECT question, field_code, commune_code, delivery_status "
            "FROM forwarded_questions ORDER BY id"
        ).fetchall(),
        "news": db.execute("SELECT status FROM deliveries").fetchall(),
        "conversation": json.loads(contact[0]) if contact and contact[0] else None,
        "last_inbound_at": contact[1] if contact else None,
    }
    database.close()
    return found


def assert_nothing_recorded(path: Path) -> None:
    found = state(path)
    assert found["outbox"] == []
    assert found["message"] == ("pending", None)
    assert found["questions"] == [("Đất của tôi", None, None, "held")]
    assert found["news"] == [("held",)]
    assert found["conversation"] is None and found["last_inbound_at"] is None


def assert_recorded_once(path: Path) -> None:
    found = state(path)
    assert len(found["outbox"]) == 3
    assert found["outbox"][1].startswith("Cán bộ trả lời: được.")
    assert "Luật Việc làm 2025" in found["outbox"][2]
    assert found["message"] == ("answered", "ask_human")
    assert found["questions"] == [
        ("Đất của tôi", None, None, "released"),
        ("hàng xóm xây lấn đất ở Hoàn Kiếm", "dat_dai", "00070", None),
    ]
    assert found["news"] == [("released",)]
    assert found["conversation"]["last_answer_id"] == 1
    assert found["last_inbound_at"] == pytest.approx(NOW - 59)


def test_a_reply_is_recorded_with_everything_it_decided(tmp_path):
    path = tmp_path / "messages.db"
    record(open_seeded(path))
    assert_recorded_once(path)


def test_a_failure_at_the_last_write_undoes_the_earlier_ones(tmp_path):
    path = tmp_path / "messages.db"
    database = open_seeded(path)
    database.db.execute(
        "CREATE TRIGGER full_disk AFTER UPDATE OF delivery_status ON forwarded_questions "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(sqlite3.DatabaseError, match="disk full"):
        record(database)
    assert_nothing_recorded(path)

    database.db.execute("DROP TRIGGER full_disk")
    record(database)
    assert_recorded_once(path)


def test_a_process_killed_while_recording_leaves_nothing_and_the_retry_records_once(tmp_path):
    path = tmp_path / "messages.db"
    child = subprocess.run(
        [sys.executable, "-m", "tests.server.record_crash_child", str(path)],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert child.returncode == -9, child.stderr.decode()
    assert_nothing_recorded(path)

    database = Database(path)
    database.db.execute("DROP TRIGGER die_releasing_answer")
    record(database)
    assert_recorded_once(path)


def test_an_unfollow_marks_the_contact_unreachable_in_the_same_step(tmp_path):
    path = tmp_path / "messages.db"
    database = open_seeded(path)
    database.db.execute("UPDATE inbox SET kind = ? WHERE platform_message_id = 'm_1'",
                        (MessageKind.UNFOLLOW.value,))  # fmt: skip
    database.db.execute(
        "INSERT INTO outbox (inbox_id, sequence, channel, user_id, text, quick_replies, "
        "bodies, created_at) VALUES (1, 0, ?, ?, 'an earlier reply', '[]', '[]', ?)",
        (*USER, NOW),
    )
    store = MessageStore(database, clock=lambda: NOW + 1)
    reply = CitizenReply(messages=(), facts=TurnFacts("unfollow", 0.0), conversation=Conversation())
    store.record_turn(store.next_inbox_row(USER), reply, [])
    contact = database.db.execute(
        "SELECT unreachable_reason FROM contacts WHERE user_id = ?", (USER[1],)
    ).fetchone()
    assert contact == ("unfollowed",)
    assert database.db.execute("SELECT status, error FROM outbox").fetchall() == [
        ("failed", "unreachable: unfollowed")
    ]


@pytest.fixture
def database(tmp_path):
    database = Database(tmp_path / "store.db")
    create_message_tables(database.db)
    yield database
    database.close()


def stored(database, *mids: str) -> None:
    SqliteInbox(database, clock=lambda: 100.0).accept(
        [IncomingMessage("zalo", "u1", MessageKind.TEXT, mid, None, mid, SENT) for mid in mids]
    )


def test_a_users_oldest_pending_message_comes_first_and_only_when_due(database):
    stored(database, "m1", "m2")
    store = MessageStore(database, clock=lambda: 100.0)

    assert store.due_conversations() == [("zalo", "u1")]
    assert store.next_inbox_row(("zalo", "u1"))["text"] == "m1"
    database.db.execute("UPDATE inbox SET next_attempt_at = 200 WHERE platform_message_id = 'm1'")
    assert store.next_inbox_row(("zalo", "u1")) is None  # m2 waits behind m1


def test_a_turn_is_recorded_with_its_replies_in_order_its_facts_and_only_once(database):
    stored(database, "m1")
    store = MessageStore(database, clock=lambda: 150.0)
    row = store.next_inbox_row(("zalo", "u1"))
    facts = TurnFacts(
        "faq/tam_tru", confidence=0.91, faq_id="tam_tru",
        feedback=Feedback(helpful=False, faq_id="dang_ky"),
    )  # fmt: skip
    reply = CitizenReply(
        messages=(OutgoingMessage("một"), OutgoingMessage("hai")),
        facts=facts,
        conversation=Conversation(),
    )
    bodies = [[{"text": message.text}] for message in reply.messages]

    store.record_turn(row, reply, bodies)
    store.record_turn(row, reply, bodies)

    outbox = database.db.execute("SELECT sequence, text FROM outbox ORDER BY id").fetchall()
    assert outbox == [(0, "một"), (1, "hai")]
    answered = database.db.execute(
        "SELECT status, intent, confidence, faq_id, fallback, feedback_helpful, "
        "feedback_faq_id FROM inbox"
    ).fetchone()
    assert answered == ("answered", "faq/tam_tru", 0.91, "tam_tru", 0, 0, "dang_ky")
    assert store.next_inbox_row(("zalo", "u1")) is None
