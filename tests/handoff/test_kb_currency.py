"""The currency watch on a real database: flags from recorded changes and review age,
cleared only by a legal reviewer, on a literal knowledge base and a fixed clock."""

import datetime as dt

import pytest

from bot.legal_documents import NamedRelation, RelationKind
from broadcasts.legal_register import LegalDocument, LegalRegister
from broadcasts.schema import create_broadcast_schema
from handoff.kb_currency import CurrencyWatch
from kernel.identity import Officer, Role
from kernel.rules import RuleViolation
from server.database import Database
from server.schema import create_message_tables
from tests.bot.test_legal_currency import KB, make_faq

NOON_2_DEC_2026 = dt.datetime(2026, 12, 2, 5, tzinfo=dt.timezone.utc).timestamp()
REVIEWER = Officer("ha.do", Role.LEGAL_REVIEWER)
OFFICER = Officer("thu.tran", Role.COMMUNICATION_OFFICER)


@pytest.fixture
def database(tmp_path):
    database = Database(tmp_path / "t.db")
    create_message_tables(database.db)
    create_broadcast_schema(database.db)
    return database


@pytest.fixture
def register(database):
    return LegalRegister(database, clock=lambda: NOON_2_DEC_2026)


def watch_of(database, register, knowledge_base=KB, now=NOON_2_DEC_2026):
    return CurrencyWatch(database, lambda: knowledge_base, register.changes, 183, lambda: now)


def amend_residence_law(register) -> None:
    document = LegalDocument("99/2026/QH15", "Luật 99/2026/QH15", in_force_on=dt.date(2026, 7, 1))
    register.record(document, [NamedRelation(RelationKind.AMENDS, "68/2020/QH14")], "thu.tran")


def test_recording_an_amendment_flags_the_entries_resting_on_the_amended_law(database, register):
    watch = watch_of(database, register)
    assert watch.all_flags() == {}

    amend_residence_law(register)

    assert set(watch.all_flags()) == {"tam_tru", "thuong_tru"}
    assert watch.flags("tam_tru")[0].effective == dt.date(2026, 7, 1)
    assert watch.flags("khai_sinh") == [] and watch.flags("no_such_entry") == []


def test_a_reviewer_clears_a_flag_and_only_that_one(database, register):
    watch = watch_of(database, register)
    amend_residence_law(register)
    key = watch.flags("tam_tru")[0].key

    cleared = watch.clear("tam_tru", key, REVIEWER, "Luật mới không đổi thủ tục này.")

    assert cleared.key == key
    assert set(watch.all_flags()) == {"thuong_tru"}
    row = database.db.execute(
        "SELECT cleared_by, cleared_on, note FROM kb_flag_clearances"
    ).fetchone()
    assert row == ("ha.do", "2026-12-02", "Luật mới không đổi thủ tục này.")
    with pytest.raises(LookupError):
        watch.clear("tam_tru", key, REVIEWER)  # already cleared


def test_only_legal_reviewers_and_administrators_clear_flags(database, register):
    watch = watch_of(database, register)
    amend_residence_law(register)
    key = watch.flags("tam_tru")[0].key

    with pytest.raises(RuleViolation, match="Chỉ cán bộ rà soát pháp lý"):
        watch.clear("tam_tru", key, OFFICER)
    watch.clear("tam_tru", key, Officer("quan.tri", Role.ADMINISTRATOR))
    assert "tam_tru" not in watch.all_flags()


def test_entries_reviewed_longer_ago_than_the_setting_are_flagged_overdue(database, register):
    old = make_faq("cu", "Luật Hộ tịch 2014 (số 60/2014/QH13)", reviewed=dt.date(2026, 5, 1))
    knowledge_base = type(KB)(KB.fields, (*KB.faqs, old))
    watch = watch_of(database, register, knowledge_base)

    assert list(watch.all_flags()) == ["cu"]
    assert watch.summary().overdue == 1 and watch.summary().current == 3
    watch.clear("cu", watch.flags("cu")[0].key, REVIEWER)
    assert watch.all_flags() == {}
