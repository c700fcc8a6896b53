from bot.decisions import DecisionKind, Thresholds, decide
from bot.interpretation import Interpretation
from bot.threshold_tuning import (
    Guard,
    LabelledInterpretation,
    total_score,
    tune_thresholds,
    within_targets,
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


UNCOVERED_BUT_CONFIDENT = [
    # Questions no entry answers that the model scores as high as right answers: only a
    # guard, not the score, keeps the tuning from answering them.
    LabelledInterpretation(None, faq("ly_hon", 0.85)),
    LabelledInterpretation(None, faq("tuoi_ket_hon", 0.8)),
]


def test_a_guard_rejects_thresholds_that_answer_its_uncovered_questions():
    guard = Guard(UNCOVERED_BUT_CONFIDENT, max_uncovered_answered=0.03)
    assert within_targets(guard, Thresholds(intent=0.3, faq=0.9), {})
    assert not within_targets(guard, Thresholds(intent=0.3, faq=0.8), {})
    # Half of them answered is within a ceiling of one half.
    assert within_targets(Guard(guard.samples, 0.5), Thresholds(intent=0.3, faq=0.85), {})


def test_a_guard_rejects_thresholds_that_answer_covered_questions_wrongly():
    guard = Guard([LabelledInterpretation("ly_hon", faq("tuoi_ket_hon", 0.9))], 1.0)
    assert not within_targets(guard, Thresholds(intent=0.3, faq=0.8), {})
    assert within_targets(guard, Thresholds(intent=0.3, faq=0.95), {})


def test_tuning_chooses_only_thresholds_inside_the_guards():
    unguarded = tune_thresholds(SAMPLES)
    guarded = tune_thresholds(SAMPLES, guards=[Guard(UNCOVERED_BUT_CONFIDENT, 0.03)])
    assert unguarded.faq <= 0.8
    # The guard's questions score up to 0.85: the tuning must go above them, at the cost
    # of declining the right answer at 0.8.
    assert guarded.faq > 0.85
    assert all(
        decide(s.interpretation, guarded).kind is not DecisionKind.ANSWER_FAQ
        for s in UNCOVERED_BUT_CONFIDENT
    )
    assert decide(SAMPLES[0].interpretation, guarded).kind is DecisionKind.ANSWER_FAQ


def test_when_no_thresholds_satisfy_a_guard_tuning_still_chooses_the_best_score():
    impossible = Guard([LabelledInterpretation(None, faq("ly_hon", 1.0, lexical=1.0))], 0.0)
    assert tune_thresholds(SAMPLES, guards=[impossible]) == tune_thresholds(SAMPLES)
