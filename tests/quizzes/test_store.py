"""The quiz store: questions change only while the quiz is a draft, and an edited
question keeps its place and its id."""

import datetime as dt
from dataclasses import replace

import pytest

from kernel.identity import Officer, Role
from kernel.rules import RuleViolation
from quizzes.model import QuizStatus
from quizzes.schema import create_quiz_tables
from quizzes.store import QuizStore
from server.database import Database
from tests.quizzes.chat_support import APPROVER, AUTHOR, Clock
from tests.quizzes.support import START, choice_question, quiz, true_false_question

COMMUNE = "00001"


@pytest.fixture
def store(tmp_path):
    database = Database(tmp_path / "quiz.db")
    create_quiz_tables(database.db)
    return QuizStore(database, now=Clock(START - dt.timedelta(days=1)))


def rows(store, quiz_id: int) -> list[tuple]:
    return store.database.db.execute(
        "SELECT id, position, text FROM quiz_questions WHERE quiz_id = ? ORDER BY position",
        (quiz_id,),
    ).fetchall()


def test_an_edited_question_keeps_its_place_and_its_id(store):
    created = store.create(quiz(), AUTHOR)
    before = rows(store, created.id)
    edited = true_false_question()

    saved = store.edit_question(created.id, AUTHOR, 2, edited)

    after = rows(store, created.id)
    assert [(id_, position) for id_, position, _ in after] == [
        (id_, position) for id_, position, _ in before
    ]
    assert after[1][2] == edited.text
    assert [after[0], after[2]] == [before[0], before[2]]  # the others are untouched
    assert replace(saved.questions[1], id=None, position=0) == edited
    assert saved.history[-1][:2] == ("question_edited", AUTHOR.username)


def test_an_edit_is_checked_as_an_added_question_is(store):
    created = store.create(quiz(), AUTHOR)
    before = rows(store, created.id)

    with pytest.raises(RuleViolation, match="căn cứ pháp lý"):
        store.edit_question(created.id, AUTHOR, 1, replace(choice_question(), legal_basis=" "))

    assert rows(store, created.id) == before


def test_an_approved_or_cancelled_quiz_refuses_an_edit(store):
    approved = store.approve(store.create(quiz(), AUTHOR).id, APPROVER)
    cancelled = store.cancel(store.create(quiz(), AUTHOR).id, AUTHOR)
    assert approved.status is QuizStatus.APPROVED and cancelled.status is QuizStatus.CANCELLED

    for frozen in (approved, cancelled):
        before = rows(store, frozen.id)
        with pytest.raises(RuleViolation, match="không sửa được"):
            store.edit_question(frozen.id, AUTHOR, 1, true_false_question())
        assert rows(store, frozen.id) == before


def test_only_an_officer_who_may_prepare_the_quiz_edits_it(store):
    local = store.create(quiz(target_communes=frozenset({COMMUNE})), AUTHOR)
    other_commune = Officer("xa2", Role.COMMUNE_OFFICIAL, frozenset({"00002"}))
    reviewer = Officer("rasoat", Role.LEGAL_REVIEWER)

    for officer in (other_commune, reviewer):
        with pytest.raises(RuleViolation):
            store.edit_question(local.id, officer, 1, true_false_question())
    assert store.get(local.id).questions == local.questions


def test_a_position_the_quiz_does_not_have_is_not_added(store):
    created = store.create(quiz(), AUTHOR)

    with pytest.raises(LookupError):
        store.edit_question(created.id, AUTHOR, 4, true_false_question())

    assert len(store.get(created.id).questions) == 3
