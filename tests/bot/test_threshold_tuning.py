from bot.decisions import Thresholds
from bot.interpretation import Interpretation
from bot.threshold_tuning import LabelledInterpretation, total_score, tune_thresholds


def faq(faq_id: str, confidence: float) -> Interpretation:
    return Interpretation("faq", 0.95, faq_id, confidence, ((faq_id, confidence),))


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
    # Every sample scores, except the declined in-scope one, which neither earns nor costs.
    assert total_score(SAMPLES, thresholds) == len(SAMPLES) - 1


def test_a_wrong_answer_costs_as_much_as_a_right_one_earns():
    assert total_score(SAMPLES, Thresholds(intent=0.0, faq=0.0)) == 3 - 1 - 1 + 1


def test_tuning_needs_questions():
    try:
        tune_thresholds([])
    except ValueError:
        return
    raise AssertionError("tuning with no questions must fail")
