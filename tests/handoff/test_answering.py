"""Answering a forwarded question: recorded and, in the same transaction, queued for the
citizen's channel or held, with the reason's code."""

import pytest

from handoff.answering import AnswerService, AnswerSettings, HeldAnswers
from handoff.delivery_rules import AnswerRoute
from handoff.questions import QuestionStore
from kernel.identity import Officer, Role
from kernel.outcomes import DeliveryReason
from kernel.rules import RuleViolation
from server.answer_outbox import ANSWER_SEQUENCE, SqliteAnswerOutbox
from server.contact_windows import SqliteContactWindows
from server.database import Database
from server.schema import create_message_tables

NOW = 1_795_000_000.0
HOUR = 3600
OFFICIAL = Officer("lan", Role.COMMUNE_OFFICIAL, frozenset({"00070"}))


@pytest.fixture
def database(tmp_path):
    database = Database(tmp_path / "answers.db")
    create_message_tables(database.db)
    yield database
    database.close()


def asked(database, hours_ago: float, unreachable: bool = False) -> int:
    """A citizen on Zalo who last wrote ``hours_ago`` and whose question was forwarded."""
    with database.transaction() as db:
        inbox_id = db.execute(
            "INSERT INTO inbox (channel, platform_message_id, user_id, kind, text, sent_at, "
            "received_at, status) VALUES ('zalo', 'm1', 'u1', 'text', 'hỏi', ?, ?, 'answered')",
            (NOW - hours_ago * HOUR, NOW - hours_ago * HOUR),
        ).lastrowid
        db.execute(
            "INSERT INTO contacts (channel, user_id, first_seen_at, last_inbound_at, "
            "unreachable_at) VALUES ('zalo', 'u1', 0, ?, ?)",
            (NOW - hours_ago * HOUR, NOW if unreachable else None),
        )
        return db.execute(
            "INSERT INTO forwarded_questions (inbox_id, channel, user_id, question, "
            "commune_code, created_at, updated_at) "
            "VALUES (?, 'zalo', 'u1', 'Đăng ký tạm trú ở đâu?', '00070', 0, 0)",
            (inbox_id,),
        ).lastrowid


def service(database, queued: list) -> AnswerService:
    return AnswerService(
        database,
        QuestionStore(database, clock=lambda: NOW),
        SqliteContactWindows(database),
        SqliteAnswerOutbox(database, clock=lambda: NOW),
        AnswerSettings(human_agent_enabled=False, zalo_paid_enabled=False),
        on_queued=lambda: queued.append(1),
        clock=lambda: NOW,
    )


def delivery_row(database, question_id: int) -> tuple:
    return database.db.execute(
        "SELECT status, delivery_status, delivery_reason_code FROM forwarded_questions "
        "WHERE id = ?",
        (question_id,),
    ).fetchone()


def outbox_sequences(database) -> list[int]:
    return [row[0] for row in database.db.execute("SELECT sequence FROM outbox").fetchall()]


def test_an_answer_inside_the_window_is_queued_in_the_outbox_at_once(database):
    question_id, queued = asked(database, hours_ago=1), []

    decision = service(database, queued).answer(question_id, OFFICIAL, "Tại công an xã.", "Lan")

    assert decision.route is AnswerRoute.SEND and queued == [1]
    assert delivery_row(database, question_id) == ("answered", "queued", "in_window")
    assert outbox_sequences(database) == [ANSWER_SEQUENCE]


def test_an_answer_past_every_window_is_held_for_the_citizens_next_message(database):
    question_id, queued = asked(database, hours_ago=24 * 8), []

    decision = service(database, queued).answer(question_id, OFFICIAL, "Tại công an xã.", "Lan")

    assert decision.code is DeliveryReason.OUTSIDE_WINDOWS and queued == []
    assert delivery_row(database, question_id) == ("answered", "held", "outside_windows")
    assert outbox_sequences(database) == []
    held = HeldAnswers(database)
    ((held_id, text),) = held.pending("zalo", "u1")
    assert held_id == question_id and "Tại công an xã." in text and "— Lan" in text
    with database.transaction() as db:
        HeldAnswers.release(db, NOW, [question_id])
    assert held.pending("zalo", "u1") == []


def test_an_answer_to_a_citizen_who_blocked_the_account_fails_with_that_code(database):
    question_id = asked(database, hours_ago=1, unreachable=True)

    service(database, []).answer(question_id, OFFICIAL, "Tại công an xã.", "Lan")

    assert delivery_row(database, question_id) == ("answered", "failed", "unreachable")


def test_an_empty_answer_is_refused_and_nothing_is_recorded(database):
    question_id = asked(database, hours_ago=1)

    with pytest.raises(RuleViolation):
        service(database, []).answer(question_id, OFFICIAL, "   ", "Lan")

    assert delivery_row(database, question_id) == ("open", None, None)
    assert outbox_sequences(database) == []
