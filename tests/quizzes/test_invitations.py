"""A quiz's invitation is a broadcast; cancelling the quiz withdraws it, even from those
it was held for outside the platform's window."""

import datetime as dt

import pytest
import responses

from broadcasts.digest import HeldNews
from broadcasts.model import Status
from broadcasts.routing import QuietHours
from quizzes.invitations import invite, late_invitation, withdraw
from quizzes.schema import create_quiz_tables
from quizzes.store import QuizStore
from tests.broadcasts.support import APPROVER, AUTHOR, Province
from tests.quizzes.chat_support import Clock
from tests.quizzes.support import START, quiz

COMMUNE = "03301"


@pytest.fixture
def province(tmp_path):
    province = Province(tmp_path / "invitations.db")
    create_quiz_tables(province.database.db)
    # Never wrote to the page: Messenger's window is closed, so news is held for them.
    province.subscriber("facebook", "PSID-1", COMMUNE, hours_since_last_message=None)
    return province


def approved(province, clock: Clock):
    store = QuizStore(province.database, now=clock)
    created = store.create(quiz(target_communes=frozenset({COMMUNE})), AUTHOR)
    return store, store.approve(created.id, APPROVER)


@responses.activate
def test_a_sent_invitation_held_outside_the_window_is_not_released_once_the_quiz_is_cancelled(
    province,
):
    clock = Clock(START - dt.timedelta(days=1))
    store, open_quiz = approved(province, clock)
    clock.advance(days=1, hours=1)  # the quiz has started: the invitation goes now
    invitation_id, due_now = invite(open_quiz, AUTHOR, APPROVER, province.store, clock())
    store.set_invitation(open_quiz.id, invitation_id, APPROVER.username)
    assert due_now and province.engine().run(invitation_id) is Status.DONE
    assert province.deliveries(invitation_id)["PSID-1"][0] == "held"

    cancelled = store.cancel(open_quiz.id, APPROVER)
    assert withdraw(cancelled, APPROVER, province.store)

    assert province.deliveries(invitation_id)["PSID-1"][0] == "cancelled"
    assert HeldNews(province.database).page("facebook", "PSID-1") == ([], False)
    assert len(responses.calls) == 0
    assert not withdraw(store.get(open_quiz.id), APPROVER, province.store)  # nothing left


def test_only_a_cancelled_quiz_withdraws_its_invitation(province):
    _, open_quiz = approved(province, Clock(START - dt.timedelta(days=1)))

    with pytest.raises(ValueError):
        withdraw(open_quiz, APPROVER, province.store)


VIETNAM = dt.timezone(dt.timedelta(hours=7))


def evening_quiz(start_hour: int, end_hour: int):
    day = dt.datetime(2026, 12, 5, tzinfo=VIETNAM)
    return quiz(
        starts_at=day + dt.timedelta(hours=start_hour), ends_at=day + dt.timedelta(hours=end_hour)
    )


def test_a_quiz_held_within_the_quiet_hours_would_invite_too_late_and_says_when():
    refused = late_invitation(
        evening_quiz(21, 23), QuietHours(), dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
    )

    assert refused is not None and "07:00 ngày 06/12/2026" in refused


def test_a_quiz_that_opens_in_the_evening_and_lasts_past_the_morning_may_be_approved():
    assert (
        late_invitation(
            evening_quiz(21, 24 + 12),
            QuietHours(),
            dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc),
        )
        is None
    )
    assert (
        late_invitation(
            evening_quiz(19, 23), QuietHours(), dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
        )
        is None
    )
