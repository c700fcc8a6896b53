import pytest

from bot.decisions import DecisionKind, Thresholds, decide
from bot.interpretation import Interpretation
from bot.threshold_tuning import (
    REAL_UNCOVERED_SHARE,
    LabelledInterpretation,
    total_score,
    tune_thresholds,
    uncovered_weight,
)


def faq(faq_id: str, confidence: float, lexical: float = 0.0) -> Interpretation:
    return Interpretation(
        "faq", 0.95, faq_id, confidence, ((faq_id, confidence),),
        lexical_ranking=((faq_id, lexical),),
    )  # fmt: skip


SAMPLES = [
    # Right answers are confident, wrong ones are not: a threshold between 0.5 and 0.8
    # answers every right one and declines every wrong one.
    LabelledInterpretation("ly_hon", faq("ly_hon", 0.9)),
    LabelledInterpretation("ly_hon", faq("ly_hon", 0.8)),
    LabelledInterpretation("tuoi_ket_hon", faq("tuoi_ket_hon", 0.85)),
    LabelledInterpretation("dang_ky_tam_tru", faq("dang_ky_thuong_tru", 0.5)),
    LabelledInterpretation(None, faq("ly_hon", 0.4)),
    LabelledInterpretation(None, Interpretation("out_of_scope", 0.9)),
]


def test_tuned_thresholds_separate_right_from_wrong_answers():
    thresholds = tune_thresholds(SAMPLES)
    assert 0.5 < thresholds.faq <= 0.8
    outcomes = [decide(s.interpretation, thresholds).kind for s in SAMPLES]
    assert outcomes[:3] == [DecisionKind.ANSWER_FAQ] * 3
    assert DecisionKind.ANSWER_FAQ not in outcomes[3:]


def test_a_wrong_answer_costs_three_times_what_a_right_one_earns():
    # 3 right answers, 2 wrong ones (one of them to a question no entry answers), 1 declined.
    assert total_score(SAMPLES, Thresholds(intent=0.0, faq=0.0)) == 3 - 3 - 3 + 1


def test_the_lexical_weight_is_chosen_when_only_it_separates_right_from_wrong():
    # The model is equally sure of right and wrong answers; only the lexical match differs.
    samples = [
        LabelledInterpretation("ly_hon", faq("ly_hon", 0.7, lexical=0.9)),
        LabelledInterpretation("tuoi_ket_hon", faq("tuoi_ket_hon", 0.7, lexical=0.8)),
        LabelledInterpretation(None, faq("ly_hon", 0.7, lexical=0.2)),
        LabelledInterpretation(None, faq("thu_viec", 0.7, lexical=0.1)),
    ]
    thresholds = tune_thresholds(samples)
    assert thresholds.lexical_weight > 0
    assert total_score(samples, thresholds) == 4


def test_tuning_needs_questions():
    try:
        tune_thresholds([])
    except ValueError:
        return
    raise AssertionError("tuning with no questions must fail")


def test_uncovered_questions_are_weighed_up_to_their_real_share():
    weight = uncovered_weight(SAMPLES)  # 4 covered, 2 uncovered
    assert weight * 2 / (weight * 2 + 4) == pytest.approx(REAL_UNCOVERED_SHARE)
    assert uncovered_weight(SAMPLES[:4]) == 1.0


def test_the_weight_makes_answering_a_near_miss_costlier_than_missing_a_right_answer():
    # Twelve covered questions and two near misses look exactly alike: unweighted,
    # answering all of them scores best (12 - 2 x 3); weighed to the real share of
    # uncovered questions, declining them does.
    samples = (
        [LabelledInterpretation("ly_hon", faq("ly_hon", 0.7))] * 12
        + [LabelledInterpretation(None, faq("ly_hon", 0.7))] * 2
        + [LabelledInterpretation("tuoi_ket_hon", faq("tuoi_ket_hon", 0.95))] * 2
    )
    tuned = tune_thresholds(samples)
    assert decide(faq("ly_hon", 0.7), tuned).kind is not DecisionKind.ANSWER_FAQ
    assert decide(faq("tuoi_ket_hon", 0.95), tuned).kind is DecisionKind.ANSWER_FAQ
    unweighted = Thresholds(faq=0.7)
    assert total_score(samples, unweighted) > total_score(samples, Thresholds(faq=0.9))
