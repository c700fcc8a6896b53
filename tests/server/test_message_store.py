"""Recording a reply: its messages, the conversation, the message's outcome, the forwarded
question and the held items it carries are written in one transaction, on a real SQLite
file, so a failure or a crash half-way leaves nothing behind and the message is answered
again, once."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.conversation import Conversation
from bot.messages import MessageKind
from server.citizen_reply import CitizenReply, TurnFacts
from server.database import Database
from server.message_store import MessageStore
from tests.server.record_crash_child import NOW, USER, open_seeded, record

ROOT = Path(__file__).resolve().parents[2]


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
