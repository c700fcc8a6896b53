import datetime as dt

import pytest

from console.reports import (
    UNKNOWN_COMMUNE,
    ReportScope,
    activity,
    activity_by_commune,
    activity_totals,
    answer_summary,
)
from tests.console.report_support import (
    COMMUNE_A,
    COMMUNE_B,
    COMMUNE_NAMES,
    Records,
    utc,
    vietnam,
)

MARCH = ReportScope(dt.date(2025, 3, 1), dt.date(2025, 3, 31))


@pytest.fixture
def records(tmp_path) -> Records:
    return Records(tmp_path)


def test_messages_ten_minutes_apart_are_one_conversation(records):
    records.message("u1", vietnam(2025, 3, 7, 9, 0))
    records.message("u1", vietnam(2025, 3, 7, 9, 10))

    assert answer_summary(records.db, MARCH).conversations == 1


def test_messages_forty_minutes_apart_are_two_conversations(records):
    records.message("u1", vietnam(2025, 3, 7, 9, 0))
    records.message("u1", vietnam(2025, 3, 7, 9, 40))

    assert answer_summary(records.db, MARCH).conversations == 2


def test_a_gap_of_exactly_thirty_minutes_continues_the_conversation(records):
    records.message("u1", vietnam(2025, 3, 7, 9, 0))
    records.message("u1", vietnam(2025, 3, 7, 9, 30))

    assert answer_summary(records.db, MARCH).conversations == 1


def test_a_conversation_begun_before_the_period_is_not_counted_in_it(records):
    records.message("u1", vietnam(2025, 2, 28, 23, 50))
    records.message("u1", vietnam(2025, 3, 1, 0, 10))

    summary = answer_summary(records.db, MARCH)

    assert (summary.conversations, summary.messages, summary.unique_users) == (0, 1, 1)


def test_the_same_user_id_on_two_channels_is_two_users(records):
    records.message("u1", vietnam(2025, 3, 7), channel="zalo")
    records.message("u1", vietnam(2025, 3, 7), channel="facebook")

    summary = answer_summary(records.db, MARCH)

    assert (summary.unique_users, summary.conversations) == (2, 2)


def test_receipts_are_not_counted_as_messages(records):
    records.message("u1", vietnam(2025, 3, 7), kind="text")
    records.message("u1", vietnam(2025, 3, 7, 9, 1), kind="follow")
    records.message("u2", vietnam(2025, 3, 7), kind="delivered")
    records.message("u2", vietnam(2025, 3, 7), kind="read")

    summary = answer_summary(records.db, MARCH)

    assert (summary.messages, summary.unique_users) == (2, 1)


def test_a_message_at_23_30_utc_counts_on_the_next_vietnam_day(records):
    records.message("u1", utc(2025, 3, 6, 23, 30))

    table = activity(records.db, MARCH, "day")

    assert [row[0] for row in table.rows] == ["07/03/2025"]


def test_a_message_just_after_local_midnight_falls_outside_a_scope_ending_the_day_before(records):
    records.message("u1", vietnam(2025, 3, 31, 23, 59))
    records.message("u2", vietnam(2025, 4, 1, 0, 1))

    assert answer_summary(records.db, MARCH).unique_users == 1


def test_activity_by_month_puts_the_last_evening_of_january_in_february(records):
    records.message("u1", utc(2025, 1, 31, 20, 0))
    scope = ReportScope(dt.date(2025, 1, 1), dt.date(2025, 12, 31))

    table = activity(records.db, scope, "month")

    assert [row[:2] for row in table.rows] == [("02/2025", "Zalo")]


def test_activity_rows_are_per_period_and_channel_with_the_fallback_rate(records):
    day = dt.date(2025, 3, 7)
    for minute, faq_id in enumerate(("tam-tru", "khai-sinh", "tam-tru")):
        records.message("u1", vietnam(2025, 3, 7, 9, minute), faq_id=faq_id)
    records.message("u1", vietnam(2025, 3, 7, 9, 5), fallback=1)
    records.message("u2", vietnam(2025, 3, 7, 10), channel="facebook", fallback=1)

    table = activity(records.db, ReportScope(day, day), "day")

    assert table.rows == (
        ("07/03/2025", "Facebook", 1, 1, 1, 0, 1, 1.0),
        ("07/03/2025", "Zalo", 1, 1, 4, 3, 1, 0.25),
    )


def test_fallback_rate_is_none_without_answers_or_fallbacks(records):
    records.message("u1", vietnam(2025, 3, 7), kind="follow")

    assert answer_summary(records.db, MARCH).fallback_rate is None


def test_a_channel_scope_counts_only_that_channel(records):
    records.message("u1", vietnam(2025, 3, 7), channel="zalo")
    records.message("u2", vietnam(2025, 3, 7), channel="facebook")
    records.message("u3", vietnam(2025, 3, 7), channel="facebook")
    scope = ReportScope(MARCH.start, MARCH.end, channel="facebook")

    assert answer_summary(records.db, scope).unique_users == 2


def test_activity_totals_cover_every_day_of_the_scope_with_quiet_days_as_zero(records):
    records.message("u1", vietnam(2025, 3, 2), channel="zalo")
    records.message("u1", vietnam(2025, 3, 2), channel="facebook")
    records.message("u2", vietnam(2025, 3, 2, 9, 50))
    scope = ReportScope(dt.date(2025, 3, 1), dt.date(2025, 3, 3))

    totals = activity_totals(records.db, scope, "day")

    assert totals == [("01/03/2025", 0, 0), ("02/03/2025", 3, 3), ("03/03/2025", 0, 0)]


def test_an_unknown_granularity_is_refused(records):
    with pytest.raises(ValueError, match="week"):
        activity(records.db, MARCH, "week")


def test_a_user_is_counted_under_their_subscribed_commune(records):
    records.subscriber("u1", COMMUNE_A)
    records.subscriber("u2", COMMUNE_B, status="unsubscribed")
    records.message("u1", vietnam(2025, 3, 7), faq_id="tam-tru")
    records.message("u2", vietnam(2025, 3, 7), fallback=1)
    records.message("u3", vietnam(2025, 3, 7))

    table = activity_by_commune(records.db, MARCH, COMMUNE_NAMES)

    assert table.rows == (
        (COMMUNE_A, "Xã Tà Tổng", 1, 1, 1, 0, 0.0),
        (COMMUNE_B, "Xã Tân Phong", 1, 1, 0, 1, 1.0),
        (None, UNKNOWN_COMMUNE, 1, 1, 0, 0, None),
    )


def test_a_commune_scope_excludes_other_communes_and_unknown_users(records):
    records.subscriber("u1", COMMUNE_A)
    records.subscriber("u2", COMMUNE_B)
    records.message("u1", vietnam(2025, 3, 7))
    records.message("u2", vietnam(2025, 3, 7))
    records.message("u3", vietnam(2025, 3, 7))
    scope = ReportScope(MARCH.start, MARCH.end, communes=frozenset({COMMUNE_B}))

    table = activity_by_commune(records.db, scope, COMMUNE_NAMES)

    assert [row[0] for row in table.rows] == [COMMUNE_B]
    assert answer_summary(records.db, scope).unique_users == 1


def test_an_empty_commune_scope_sees_nothing(records):
    records.subscriber("u1", COMMUNE_A)
    records.message("u1", vietnam(2025, 3, 7))
    scope = ReportScope(MARCH.start, MARCH.end, communes=frozenset())

    assert answer_summary(records.db, scope).messages == 0


def test_forwarded_questions_follow_the_period_and_the_question_commune(records):
    inbox_ids = [records.message(f"u{n}", vietnam(2025, 3, 7)) for n in range(4)]
    records.forwarded(inbox_ids[0], "u0", "Hỏi 1", vietnam(2025, 3, 7), COMMUNE_A, "answered")
    records.forwarded(inbox_ids[1], "u1", "Hỏi 2", vietnam(2025, 3, 8), COMMUNE_A, "open")
    records.forwarded(inbox_ids[2], "u2", "Hỏi 3", vietnam(2025, 3, 8), COMMUNE_B, "answered")
    records.forwarded(inbox_ids[3], "u3", "Hỏi 4", vietnam(2025, 4, 1), COMMUNE_A, "answered")
    scope = ReportScope(MARCH.start, MARCH.end, communes=frozenset({COMMUNE_A}))

    summary = answer_summary(records.db, scope)
    province = answer_summary(records.db, MARCH)

    assert (summary.forwarded, summary.forwarded_answered) == (2, 1)
    assert (province.forwarded, province.forwarded_answered) == (3, 2)
