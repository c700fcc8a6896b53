import datetime as dt

import pytest

from console.answer_reports import (
    question_key,
    satisfaction,
    satisfaction_by_period,
    satisfaction_by_source,
    top_topics,
    top_unanswered,
)
from console.reports import SATISFACTION_TARGET, ReportScope
from tests.console.report_support import COMMUNE_A, COMMUNE_B, Records, utc, vietnam

MARCH = ReportScope(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
TITLES = {"tam-tru": "Đăng ký tạm trú", "khai-sinh": "Đăng ký khai sinh"}


@pytest.fixture
def records(tmp_path) -> Records:
    return Records(tmp_path)


def test_top_topics_rank_faqs_by_answers_with_their_ratings(records):
    for minute in range(3):
        records.message("u1", vietnam(2025, 3, 7, 9, minute), faq_id="tam-tru")
    records.message("u2", vietnam(2025, 3, 7), faq_id="khai-sinh")
    records.message("u2", vietnam(2025, 3, 7, 9, 1), faq_id="khai-sinh")
    records.message("u1", vietnam(2025, 3, 7, 9, 5), "choice", helpful=1, rated_faq_id="tam-tru")
    records.message("u2", vietnam(2025, 3, 7, 9, 5), "choice", helpful=0, rated_faq_id="tam-tru")
    records.message("u3", vietnam(2025, 3, 7), faq_id="ho-ngheo")

    table = top_topics(records.db, MARCH, TITLES, limit=2)

    assert table.rows == (
        ("tam-tru", "Đăng ký tạm trú", 3, 1, 1),
        ("khai-sinh", "Đăng ký khai sinh", 2, 0, 0),
    )


def test_top_topics_show_the_faq_id_when_its_title_is_unknown(records):
    records.message("u1", vietnam(2025, 3, 7), faq_id="ho-ngheo")

    assert top_topics(records.db, MARCH, TITLES).rows == (("ho-ngheo", "ho-ngheo", 1, 0, 0),)


def test_question_key_folds_case_spacing_and_diacritics():
    assert question_key("  Đăng KÝ   tạm trú\n ở đâu?") == question_key("dang ky tam tru o dau?")


def test_declined_questions_typed_differently_are_counted_together(records):
    records.message("u1", vietnam(2025, 3, 3), text="Đăng ký tạm trú ở đâu?", fallback=1)
    records.message("u2", utc(2025, 3, 9, 23, 30), text="dang ky  tam tru o dau?", fallback=1)
    records.message("u3", vietnam(2025, 3, 5), text="Xin giấy phép xây dựng", fallback=1)

    table = top_unanswered(records.db, MARCH)

    assert table.rows == (
        ("dang ky  tam tru o dau?", 2, "10/03/2025 06:30", "Không"),
        ("Xin giấy phép xây dựng", 1, "05/03/2025 09:00", "Không"),
    )


def test_declined_questions_leave_out_answers_choices_and_other_periods(records):
    records.message("u1", vietnam(2025, 3, 3), text="Tạm trú", faq_id="tam-tru")
    records.message("u1", vietnam(2025, 3, 3), kind="choice", text="Khác", fallback=1)
    records.message("u1", vietnam(2025, 4, 3), text="Hỏi tháng tư", fallback=1)

    assert top_unanswered(records.db, MARCH).rows == ()


def test_a_declined_question_forwarded_by_inbox_row_or_same_text_is_marked(records):
    first = records.message("u1", vietnam(2025, 3, 3), text="Hỏi về hộ nghèo", fallback=1)
    records.message("u2", vietnam(2025, 3, 4), text="Hỏi về đất", fallback=1)
    records.message("u3", vietnam(2025, 3, 4), text="Hỏi về thuế", fallback=1)
    later = records.message("u2", vietnam(2025, 3, 5), text="Cho tôi gặp cán bộ")
    records.forwarded(first, "u1", "Hỏi về hộ nghèo", vietnam(2025, 3, 3))
    records.forwarded(later, "u2", "Hỏi về đất", vietnam(2025, 3, 5))

    forwarded = {row[0]: row[3] for row in top_unanswered(records.db, MARCH).rows}

    assert forwarded == {"Hỏi về hộ nghèo": "Có", "Hỏi về đất": "Có", "Hỏi về thuế": "Không"}


def test_top_unanswered_keeps_to_the_limit_most_asked_first(records):
    for n in range(3):
        records.message(f"u{n}", vietnam(2025, 3, 3, 9, n), text="Hỏi nhiều", fallback=1)
    records.message("u9", vietnam(2025, 3, 9), text="Hỏi một lần", fallback=1)

    assert [row[:2] for row in top_unanswered(records.db, MARCH, limit=1).rows] == [
        ("Hỏi nhiều", 3)
    ]


def test_satisfaction_below_the_target_does_not_meet_it(records):
    for minute, helpful in enumerate((1, 1, 0)):
        records.message("u1", vietnam(2025, 3, 7, 9, minute), "choice", helpful=helpful)

    figures = satisfaction(records.db, MARCH)

    assert (figures.helpful, figures.not_helpful, figures.meets_target) == (2, 1, False)
    assert figures.rate == pytest.approx(2 / 3)
    assert figures.target == SATISFACTION_TARGET == 0.9


def test_satisfaction_of_exactly_ninety_percent_meets_the_target(records):
    for minute in range(10):
        records.message("u1", vietnam(2025, 3, 7, 9, minute), "choice", helpful=int(minute > 0))

    assert satisfaction(records.db, MARCH).meets_target is True


def test_satisfaction_without_ratings_has_no_rate(records):
    records.message("u1", vietnam(2025, 3, 7), faq_id="tam-tru")

    figures = satisfaction(records.db, MARCH)

    assert (figures.rate, figures.meets_target) == (None, None)


def test_satisfaction_respects_the_commune_scope(records):
    records.subscriber("u1", COMMUNE_A)
    records.subscriber("u2", COMMUNE_B)
    records.message("u1", vietnam(2025, 3, 7), "choice", helpful=1)
    records.message("u2", vietnam(2025, 3, 7), "choice", helpful=0)
    scope = ReportScope(MARCH.start, MARCH.end, communes=frozenset({COMMUNE_A}))

    assert satisfaction(records.db, scope).rate == 1.0


def test_satisfaction_by_month_lists_only_months_with_ratings(records):
    records.message("u1", vietnam(2025, 1, 7), "choice", helpful=1)
    records.message("u1", vietnam(2025, 3, 7), "choice", helpful=1)
    records.message("u2", vietnam(2025, 3, 7), "choice", helpful=0)
    records.message("u2", vietnam(2025, 2, 7), faq_id="tam-tru")
    scope = ReportScope(dt.date(2025, 1, 1), dt.date(2025, 12, 31))

    table = satisfaction_by_period(records.db, scope, "month")

    assert table.rows == (("01/2025", 1, 0, 1.0, "Đạt"), ("03/2025", 1, 1, 0.5, "Chưa đạt"))


def test_officials_answers_are_rated_apart_and_counted_together_against_the_target(records):
    at = vietnam(2025, 3, 7)
    for helpful in (1, 1, 1, 0):
        records.message("u1", at, "choice", helpful=helpful, rated_faq_id="tam-tru")
    for helpful in (1, 0):
        records.message("u2", at, "choice", helpful=helpful, rated_question_id=7)

    rows = satisfaction_by_source(records.db, MARCH).rows

    assert [row[:3] for row in rows] == [
        ("Câu trả lời từ kho hỏi đáp", 3, 1),
        ("Câu trả lời của cán bộ (câu hỏi chuyển)", 1, 1),
        ("Cuộc thi tìm hiểu pháp luật", 0, 0),
        ("Tất cả", 4, 2),
    ]
    assert [row[4] for row in rows] == ["Chưa đạt", "Chưa đạt", None, "Chưa đạt"]
    assert satisfaction(records.db, MARCH).helpful == 4  # the dashboard's overall figure


def test_quiz_ratings_count_as_a_source_and_in_the_overall_figure(records):
    at = vietnam(2025, 3, 7)
    records.message("u1", at, "choice", helpful=0, rated_faq_id="tam-tru")
    for user, rating in (("q1", 1), ("q2", 1), ("q3", 1), ("q4", 0)):
        records.quiz_attempt(user, at, COMMUNE_A, rating=rating)
    records.quiz_attempt("q5", at, COMMUNE_A)  # finished without rating: not counted

    rows = satisfaction_by_source(records.db, MARCH).rows
    overall = satisfaction(records.db, MARCH)

    assert rows[2][:4] == ("Cuộc thi tìm hiểu pháp luật", 3, 1, 0.75)
    assert rows[3][:4] == ("Tất cả", 3, 2, 0.6)
    assert (overall.helpful, overall.not_helpful) == (3, 2)


def test_a_quiz_rating_counts_in_the_period_it_was_given_and_in_its_commune(records):
    records.quiz_attempt("q1", vietnam(2025, 2, 28, 23, 50), COMMUNE_A, rating=1,
                         rated_at=vietnam(2025, 3, 1, 0, 5))  # fmt: skip
    records.quiz_attempt("q2", vietnam(2025, 3, 31, 23, 0), COMMUNE_A, rating=0,
                         rated_at=vietnam(2025, 4, 1, 0, 10))  # fmt: skip
    records.quiz_attempt("q3", vietnam(2025, 3, 5), COMMUNE_B, rating=0)
    records.quiz_attempt("q4", vietnam(2025, 3, 5), None, rating=0)
    only_a = ReportScope(MARCH.start, MARCH.end, communes=frozenset({COMMUNE_A}))
    year = ReportScope(dt.date(2025, 1, 1), dt.date(2025, 12, 31), communes=only_a.communes)

    in_a, province = satisfaction(records.db, only_a), satisfaction(records.db, MARCH)

    assert (in_a.helpful, in_a.not_helpful) == (1, 0)
    assert (province.helpful, province.not_helpful) == (1, 2)
    assert satisfaction_by_period(records.db, year, "month").rows == (
        ("03/2025", 1, 0, 1.0, "Đạt"),
        ("04/2025", 0, 1, 0.0, "Chưa đạt"),
    )


def test_quiz_and_answer_ratings_of_one_month_add_up(records):
    records.message("u1", vietnam(2025, 3, 7), "choice", helpful=1)
    records.quiz_attempt("q1", vietnam(2025, 3, 8), COMMUNE_A, rating=0)
    records.quiz_attempt("q2", vietnam(2025, 5, 8), COMMUNE_A, rating=1)
    scope = ReportScope(dt.date(2025, 1, 1), dt.date(2025, 12, 31))

    assert satisfaction_by_period(records.db, scope, "month").rows == (
        ("03/2025", 1, 1, 0.5, "Chưa đạt"),
        ("05/2025", 1, 0, 1.0, "Đạt"),
    )
