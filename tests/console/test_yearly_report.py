import datetime as dt

import pytest

from console.yearly_report import yearly_summary
from tests.console.report_support import COMMUNE_A, COMMUNE_B, COMMUNE_NAMES, Records, vietnam

UTC = dt.timezone.utc


@pytest.fixture
def records(tmp_path) -> Records:
    return Records(tmp_path)


def test_the_yearly_summary_totals_use_answers_and_satisfaction(records):
    records.message("u1", vietnam(2025, 2, 1, 9, 0), faq_id="tam-tru")
    records.message("u1", vietnam(2025, 2, 1, 9, 1), "choice", helpful=1, rated_faq_id="tam-tru")
    records.message("u1", vietnam(2025, 6, 1), fallback=1)
    records.message("u2", vietnam(2025, 6, 1), faq_id="khai-sinh")
    records.message("u2", vietnam(2026, 1, 1, 0, 30), faq_id="khai-sinh")
    first = records.message("u3", vietnam(2025, 12, 31, 23, 0), fallback=1)
    records.forwarded(first, "u3", "Hỏi", vietnam(2025, 12, 31, 23, 0), status="answered")

    summary = yearly_summary(records.db, 2025, None, {}, COMMUNE_NAMES)

    assert (summary.conversations, summary.unique_users, summary.messages) == (4, 3, 5)
    assert (summary.answered, summary.fallback_rate) == (2, 0.5)
    assert (summary.satisfaction.rate, summary.satisfaction.meets_target) == (1.0, True)
    assert (summary.forwarded, summary.forwarded_answered) == (1, 1)


def test_subscribers_active_at_year_end_include_those_who_left_only_afterwards(records):
    records.subscriber("s1", COMMUNE_A, consent_at=vietnam(2024, 5, 1))
    records.subscriber("s2", COMMUNE_A, consent_at=vietnam(2025, 5, 1))
    records.subscriber(
        "s3",
        COMMUNE_A,
        status="unsubscribed",
        consent_at=vietnam(2025, 5, 1),
        unsubscribed_at=vietnam(2026, 2, 1),
    )
    records.subscriber(
        "s4",
        COMMUNE_A,
        status="unsubscribed",
        consent_at=vietnam(2025, 5, 1),
        unsubscribed_at=vietnam(2025, 9, 1),
    )
    records.subscriber("s5", COMMUNE_A, consent_at=vietnam(2026, 1, 3))
    records.subscriber("s6", COMMUNE_B, consent_at=vietnam(2025, 5, 1))

    summary = yearly_summary(records.db, 2025, frozenset({COMMUNE_A}), {}, COMMUNE_NAMES)

    assert (summary.new_subscribers, summary.active_subscribers_at_year_end) == (3, 3)


def test_the_yearly_summary_counts_broadcasts_sent_and_messages_delivered(records):
    subscribers = [records.subscriber(f"s{n}", COMMUNE_A) for n in range(3)]
    sent_in_year = records.broadcast("Tin năm nay", dt.datetime(2025, 4, 1, 2, tzinfo=UTC))
    for subscriber, status in zip(subscribers, ("sent", "released", "failed"), strict=True):
        records.delivery(sent_in_year, subscriber, status)
    sent_next_year = records.broadcast("Tin năm sau", dt.datetime(2026, 1, 2, 2, tzinfo=UTC))
    records.delivery(sent_next_year, subscribers[0], "sent")

    summary = yearly_summary(records.db, 2025, None, {}, COMMUNE_NAMES)

    assert (summary.broadcasts_sent, summary.messages_delivered) == (1, 2)


def test_the_yearly_summary_carries_its_tables(records):
    records.message("u1", vietnam(2025, 2, 1), faq_id="tam-tru")

    summary = yearly_summary(records.db, 2025, None, {"tam-tru": "Tạm trú"}, COMMUNE_NAMES)

    assert [table.key for table in summary.tables] == [
        "activity-month",
        "reach-area",
        "satisfaction-source",
        "satisfaction-month",
        "activity-commune",
        "top-topics",
        "subscribers-audience",
        "broadcast-reach",
        "quiz-month",
        "quiz-commune",
        "quiz-audience",
    ]
    assert summary.tables[5].rows == (("tam-tru", "Tạm trú", 1, 0, 0),)


def test_the_yearly_summary_counts_quiz_participants_of_the_year_in_scope(records):
    records.quiz_attempt("a1", vietnam(2025, 1, 1, 0, 10), COMMUNE_A)
    records.quiz_attempt("a2", vietnam(2025, 6, 1), COMMUNE_A, finished=False)
    records.quiz_attempt("fb-a1", vietnam(2025, 6, 1), COMMUNE_A, "facebook")
    records.quiz_attempt("b1", vietnam(2025, 6, 1), COMMUNE_B)
    records.quiz_attempt("a3", vietnam(2024, 12, 31, 23, 50), COMMUNE_A)
    records.quiz_attempt("a4", vietnam(2026, 1, 1, 0, 5), COMMUNE_A)

    province = yearly_summary(records.db, 2025, None, {}, COMMUNE_NAMES)
    commune_a = yearly_summary(records.db, 2025, frozenset({COMMUNE_A}), {}, COMMUNE_NAMES)

    assert (province.quiz_participants, province.quiz_attempts_finished) == (4, 3)
    assert (commune_a.quiz_participants, commune_a.quiz_attempts_finished) == (3, 2)
    by_commune = next(table for table in commune_a.tables if table.key == "quiz-commune")
    assert by_commune.rows == ((COMMUNE_A, "Xã Tà Tổng", 2, 1, 0, 3, 2),)
    by_month = next(table for table in commune_a.tables if table.key == "quiz-month")
    assert [(row[0], row[-2]) for row in by_month.rows] == [("01/2025", 1), ("06/2025", 2)]


def test_the_yearly_satisfaction_includes_quiz_ratings(records):
    records.message("u1", vietnam(2025, 2, 1), "choice", helpful=1, rated_faq_id="tam-tru")
    records.quiz_attempt("q1", vietnam(2025, 3, 1), COMMUNE_A, rating=0)

    summary = yearly_summary(records.db, 2025, None, {}, COMMUNE_NAMES)

    assert (summary.satisfaction.helpful, summary.satisfaction.not_helpful) == (1, 1)
