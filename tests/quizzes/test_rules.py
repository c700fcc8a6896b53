"""The quiz's pure rules: reading answers, opening times, revealing, time limits, ranking."""

import datetime as dt
from dataclasses import replace

import pytest

from channels.facebook import CHANNEL as FACEBOOK
from channels.registry import PLATFORMS
from kernel.identity import Officer, Role
from kernel.rules import RuleViolation
from quizzes.model import Mode, QuizStatus, Result
from quizzes.rules import (
    INVALID,
    authorise_approval,
    eligible,
    fit_choices,
    is_open,
    is_start_request,
    is_stop_request,
    may_edit,
    may_reveal,
    normalize_phone,
    out_of_time,
    parse_answer,
    problems_of,
    rank,
    winners_by_commune,
)
from tests.quizzes.support import (
    END,
    START,
    choice_question,
    long_question,
    quiz,
    true_false_question,
)

SECOND = Officer("lanhdao", Role.COMMUNICATION_OFFICER)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("B", 1),
        ("b", 1),
        ("b.", 1),
        ("b)", 1),
        ("đáp án b", 1),
        ("Dap an C", 2),
        ("chọn a", 0),
        ("2", 1),
        (" 4 ", 3),
        ("30 ngày", 1),
    ],
)
def test_a_typed_letter_number_or_option_names_the_option(typed, expected):
    assert parse_answer(typed, choice_question()) == expected


@pytest.mark.parametrize("typed", ["E", "5", "0", "đáp án e"])
def test_a_letter_or_number_beyond_the_options_is_invalid(typed):
    assert parse_answer(typed, choice_question()) is INVALID


@pytest.mark.parametrize("typed", ["tạm trú là gì?", "xin chào", "bao nhiêu tiền"])
def test_a_question_or_greeting_is_not_an_answer(typed):
    assert parse_answer(typed, choice_question()) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("đúng", 0), ("Đúng", 0), ("dung", 0), ("sai", 1), ("Sai", 1), ("1", 0), ("b", 1)],
)
def test_true_or_false_is_read_with_or_without_diacritics(typed, expected):
    assert parse_answer(typed, true_false_question()) == expected


def test_dung_without_diacritics_leaves_a_choice_question_but_answers_a_true_false_one():
    assert is_stop_request("dung", choice_question())
    assert not is_stop_request("dung", true_false_question())
    assert is_stop_request("dừng", true_false_question())
    assert is_stop_request("dung lai", true_false_question())
    assert not is_stop_request("dừng xe ở đâu", choice_question())


@pytest.mark.parametrize(
    "typed", ["thi tìm hiểu pháp luật", "Thi tim hieu phap luat", "THI TÌM HIỂU PHÁP LUẬT!"]
)
def test_the_start_phrase_is_read_with_or_without_diacritics(typed):
    assert is_start_request(typed)


def test_a_question_about_contests_is_not_the_start_phrase():
    assert not is_start_request("thi tìm hiểu pháp luật ở đâu vậy")


def test_long_options_go_in_the_text_with_short_buttons_on_messenger():
    limits = PLATFORMS[FACEBOOK].limits
    fitted = fit_choices(long_question(), limits.quick_replies, limits.quick_reply_title)
    assert fitted.titles == ("A", "B", "C")
    assert fitted.lines[0].startswith("A. Cảnh cáo")


def test_short_options_ride_on_the_buttons_where_they_fit():
    limits = PLATFORMS[FACEBOOK].limits
    fitted = fit_choices(choice_question(), limits.quick_replies, limits.quick_reply_title)
    assert fitted.lines == ()
    assert fitted.titles[1] == "B. 30 ngày"
    assert all(len(title) <= limits.quick_reply_title for title in fitted.titles)


def test_every_question_fits_every_channels_quick_reply_limits():
    for platform in PLATFORMS:
        limits = platform.limits
        for question in (choice_question(), long_question(), true_false_question()):
            fitted = fit_choices(question, limits.quick_replies, limits.quick_reply_title)
            if limits.quick_replies is not None:
                assert len(fitted.titles) <= limits.quick_replies
            if limits.quick_reply_title is not None:
                assert all(len(title) <= limits.quick_reply_title for title in fitted.titles)


def test_true_false_buttons_say_dung_and_sai():
    assert fit_choices(true_false_question(), 13, 20).titles == ("Đúng", "Sai")


def test_a_quiz_is_open_only_approved_and_between_its_start_and_end():
    approved = quiz(status=QuizStatus.APPROVED)
    assert is_open(approved, START)
    assert not is_open(approved, START - dt.timedelta(seconds=1))
    assert not is_open(approved, END)
    assert not is_open(quiz(), START + dt.timedelta(days=1))


def test_a_contest_reveals_answers_only_after_it_ends_and_practice_at_once():
    contest = quiz(mode=Mode.CONTEST, status=QuizStatus.APPROVED)
    assert not may_reveal(contest, END - dt.timedelta(minutes=1))
    assert may_reveal(contest, END)
    assert may_reveal(quiz(status=QuizStatus.APPROVED), START)


def test_the_time_limit_counts_from_the_attempts_start_and_never_past_the_end():
    timed = quiz(time_limit_minutes=10, status=QuizStatus.APPROVED)
    started = START.timestamp()
    assert not out_of_time(timed, started, started + 599)
    assert out_of_time(timed, started, started + 600)
    late = END.timestamp() - 60
    assert out_of_time(timed, late, END.timestamp())
    assert not out_of_time(quiz(), started, started + 86400)


def test_communes_and_audiences_limit_who_may_take_part():
    local = quiz(target_communes=frozenset({"00001"}), audiences=frozenset({"workers"}))
    assert eligible(local, "00001", ("workers", "farmers"))
    assert not eligible(local, "00002", ("workers",))
    assert not eligible(local, "00001", ("general_public",))
    assert eligible(quiz(), None, ())


def test_the_author_cannot_approve_and_a_second_officer_can():
    draft = quiz()
    with pytest.raises(RuleViolation, match="tự duyệt"):
        authorise_approval(draft, Officer("truyenthong", Role.COMMUNICATION_OFFICER), START)
    authorise_approval(draft, SECOND, START)


def test_an_incomplete_or_ended_quiz_is_not_approved():
    with pytest.raises(RuleViolation, match="chưa có câu hỏi"):
        authorise_approval(quiz(questions=()), SECOND, START)
    with pytest.raises(RuleViolation, match="kết thúc"):
        authorise_approval(quiz(), SECOND, END)


def test_a_commune_official_cannot_approve_a_province_wide_quiz():
    official = Officer("xa1", Role.COMMUNE_OFFICIAL, frozenset({"00001"}))
    with pytest.raises(RuleViolation):
        authorise_approval(quiz(), official, START)
    authorise_approval(quiz(target_communes=frozenset({"00001"})), official, START)


def test_questions_need_two_to_four_options_a_correct_answer_and_a_legal_basis():
    bad = replace(choice_question(), options=("Một",), correct=3, legal_basis=" ")
    problems = " ".join(problems_of(quiz(questions=(bad,))))
    assert "từ 2 đến 4 phương án" in problems
    assert "đáp án đúng" in problems
    assert "căn cứ pháp lý" in problems


def test_an_approved_quiz_is_frozen():
    assert may_edit(quiz())
    assert not may_edit(quiz(status=QuizStatus.APPROVED))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0912 345 678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("12345", None),
        ("0212345678", None),
    ],
)
def test_phone_numbers_are_normalised_to_match_across_platforms(typed, expected):
    assert normalize_phone(typed) == expected


def test_ranking_is_score_then_closest_guess_then_earliest_finish():
    results = [
        Result(1, score=8, finished_at=100, guess=50),
        Result(2, score=9, finished_at=300, guess=None),
        Result(3, score=8, finished_at=200, guess=41),
        Result(4, score=8, finished_at=50, guess=39),
        Result(5, score=8, finished_at=10, guess=None),
    ]
    ranking = rank(results, participants=40)
    assert [r.result.attempt_id for r in ranking] == [2, 4, 3, 1, 5]
    assert [r.place for r in ranking] == [1, 2, 3, 4, 5]
    assert ranking[1].guess_distance == 1


def test_the_same_phone_on_two_platforms_counts_once_its_first_finish():
    results = [
        Result(1, score=5, finished_at=100, phone="0912345678"),
        Result(2, score=10, finished_at=200, phone="0912345678"),
        Result(3, score=7, finished_at=150),
    ]
    assert [r.result.attempt_id for r in rank(results, 3)] == [3, 1]


def test_winners_are_the_best_of_each_commune():
    results = [
        Result(1, 9, 1, commune_code="A"),
        Result(2, 8, 2, commune_code="A"),
        Result(3, 7, 3, commune_code="B"),
        Result(4, 6, 4, commune_code="A"),
    ]
    winners = winners_by_commune(rank(results, 4), per_commune=2)
    assert [r.result.attempt_id for r in winners["A"]] == [1, 2]
    assert [r.result.attempt_id for r in winners["B"]] == [3]
