"""The worker's store on its own: one turn recorded at once, in order, exactly once."""

import datetime as dt

import pytest

from bot.assistant import Feedback, Turn
from bot.conversation import Conversation
from bot.messages import IncomingMessage, MessageKind, OutgoingMessage
from server.database import Database
from server.inbox import SqliteInbox
from server.message_store import MessageStore, TurnFacts
from server.schema import create_message_tables

SENT = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.timezone.utc)


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
    turn = Turn(
        messages=(OutgoingMessage("một"), OutgoingMessage("hai")),
        intent="faq/tam_tru",
        confidence=0.91,
        faq_id="tam_tru",
        feedback=Feedback(helpful=False, faq_id="dang_ky"),
    )
    replies = [(message, [{"text": message.text}]) for message in turn.messages]

    store.record_turn(row, replies, Conversation(), TurnFacts.of(turn))
    store.record_turn(row, replies, Conversation(), TurnFacts.of(turn))

    outbox = database.db.execute("SELECT sequence, text FROM outbox ORDER BY id").fetchall()
    assert outbox == [(0, "một"), (1, "hai")]
    answered = database.db.execute(
        "SELECT status, intent, confidence, faq_id, fallback, feedback_helpful, "
        "feedback_faq_id FROM inbox"
    ).fetchone()
    assert answered == ("answered", "faq/tam_tru", 0.91, "tam_tru", 0, 0, "dang_ky")
    assert store.next_inbox_row(("zalo", "u1")) is None


def test_a_failed_turn_records_the_error_type_and_no_rating():
    facts = TurnFacts.failed(ValueError("boom"))
    assert (facts.intent, facts.error, facts.feedback_helpful) == ("error", "ValueError", None)
