import datetime as dt

import pytest

from bot.audiences import AUDIENCE_LABELS
from console.quiz_reach import (
    quiz_participation,
    quiz_participation_by_audience,
    quiz_participation_by_commune,
    quiz_totals,
)
from console.reports import ReportScope
from tests.console.report_support import COMMUNE_A, COMMUNE_B, COMMUNE_NAMES, Records, vietnam

MARCH = ReportScope(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
ONLY_B = ReportScope(MARCH.start, MARCH.end, communes=frozenset({COMMUNE_B}))
YEAR = ReportScope(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def records(tmp_path) -> Records:
    return Records(tmp_path)


def test_a_participant_counts_once_per_day_however_many_quizzes_they_take(records):
    first = records.quiz_attempt("a1", vietnam(2025, 3, 7, 8), COMMUNE_A)
    quiz = records.db.execute("SELECT quiz_id FROM quiz_attempts WHERE id = ?", (first,)).fetchone()
    records.quiz_attempt("a1", vietnam(2025, 3, 7, 20), COMMUNE_A, finished=False)
    records.quiz_attempt("fb-a2", vietnam(2025, 3, 7, 9), COMMUNE_A, "facebook", quiz_id=quiz[0])
    records.quiz_attempt("a1", vietnam(2025, 3, 8, 6, 59), COMMUNE_A)

    table = quiz_participation(records.db, MARCH, "day")

    # Zalo, Facebook, Chat thử, total, attempts finished
    assert table.rows == (("07/03/2025", 1, 1, 0, 2, 2), ("08/03/2025", 1, 0, 0, 1, 1))


def test_participation_by_month_and_year_follows_vietnam_time(records):
    records.quiz_attempt("a1", vietnam(2025, 2, 28, 23, 30), COMMUNE_A)
    records.quiz_attempt("a2", vietnam(2025, 3, 1, 0, 30), COMMUNE_A)
    records.quiz_attempt("a3", vietnam(2025, 3, 31, 23, 59), COMMUNE_B, finished=False)
    records.quiz_attempt("a4", vietnam(2026, 1, 1, 0, 1), COMMUNE_B)

    by_month = quiz_participation(records.db, YEAR, "month")
    by_year = quiz_participation(records.db, YEAR, "year")

    assert [(row[0], row[-2], row[-1]) for row in by_month.rows] == [
        ("02/2025", 1, 1),
        ("03/2025", 2, 1),
    ]
    assert [(row[0], row[-2], row[-1]) for row in by_year.rows] == [("2025", 3, 2)]


def test_participants_are_counted_per_commune_with_the_unknown_commune_last(records):
    records.quiz_attempt("a1", vietnam(2025, 3, 7), COMMUNE_A)
    records.quiz_attempt("a2", vietnam(2025, 3, 7), COMMUNE_A, finished=False)
    records.quiz_attempt("b1", vietnam(2025, 3, 7), COMMUNE_B, "facebook")
    records.quiz_attempt("x1", vietnam(2025, 3, 7), None)
    records.quiz_attempt("a3", vietnam(2025, 4, 1), COMMUNE_A)  # after the period

    table = quiz_participation_by_commune(records.db, MARCH, COMMUNE_NAMES)

    assert table.rows == (
        (COMMUNE_A, "Xã Tà Tổng", 2, 0, 0, 2, 1),
        (COMMUNE_B, "Xã Tân Phong", 0, 1, 0, 1, 1),
        (None, "Chưa rõ xã, phường", 1, 0, 0, 1, 1),
    )


def test_a_commune_scope_sees_only_its_communes_participants(records):
    records.quiz_attempt("a1", vietnam(2025, 3, 7), COMMUNE_A, audiences=("farmers",))
    records.quiz_attempt("b1", vietnam(2025, 3, 7), COMMUNE_B, audiences=("farmers",))
    records.quiz_attempt("x1", vietnam(2025, 3, 7), None, audiences=("farmers",))

    by_commune = quiz_participation_by_commune(records.db, ONLY_B, COMMUNE_NAMES)
    by_audience = {
        row[0]: row[1:]
        for row in quiz_participation_by_audience(records.db, ONLY_B, AUDIENCE_LABELS).rows
    }

    assert [row[0] for row in by_commune.rows] == [COMMUNE_B]
    assert by_audience["Nông dân"] == (1, 0, 0, 1, 1)
    assert quiz_participation(records.db, ONLY_B, "day").rows == (("07/03/2025", 1, 0, 0, 1, 1),)
    assert quiz_totals(records.db, ONLY_B) == (1, 1)


def test_a_commune_scope_with_no_communes_sees_no_participant(records):
    records.quiz_attempt("a1", vietnam(2025, 3, 7), COMMUNE_A)
    nothing = ReportScope(MARCH.start, MARCH.end, communes=frozenset())

    assert quiz_totals(records.db, nothing) == (0, 0)
    assert quiz_participation_by_commune(records.db, nothing, COMMUNE_NAMES).rows == ()


def test_a_participant_counts_in_each_audience_and_every_audience_is_listed(records):
    records.quiz_attempt(
        "a1", vietnam(2025, 3, 7), COMMUNE_A, audiences=("general_public", "farmers")
    )
    records.quiz_attempt("fb-a2", vietnam(2025, 3, 7), COMMUNE_A, "facebook", audiences=("farmers",),
                         finished=False)  # fmt: skip

    rows = {
        row[0]: row[1:]
        for row in quiz_participation_by_audience(records.db, MARCH, AUDIENCE_LABELS).rows
    }

    assert len(rows) == len(AUDIENCE_LABELS)
    assert rows["Nông dân"] == (1, 1, 0, 2, 1)
    assert rows["Người dân nói chung"] == (1, 0, 0, 1, 1)
    assert rows["Học sinh, sinh viên"] == (0, 0, 0, 0, 0)


def test_the_channel_filter_limits_participants(records):
    records.quiz_attempt("a1", vietnam(2025, 3, 7), COMMUNE_A)
    records.quiz_attempt("fb-a2", vietnam(2025, 3, 7), COMMUNE_A, "facebook", finished=False)
    facebook = ReportScope(MARCH.start, MARCH.end, channel="facebook")

    assert quiz_totals(records.db, facebook) == (1, 0)
