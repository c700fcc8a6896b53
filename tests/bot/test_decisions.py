from bot.decisions import DecisionKind, Thresholds, decide, suggestions_from
from bot.interpretation import Interpretation

THRESHOLDS = Thresholds(intent=0.5, faq=0.6)


def faq_interpretation(faq_confidence: float, intent_confidence: float = 0.9) -> Interpretation:
    return Interpretation(
        intent="faq",
        intent_confidence=intent_confidence,
        faq_id="dang_ky_tam_tru",
        faq_confidence=faq_confidence,
        faq_ranking=(
            ("dang_ky_tam_tru", faq_confidence),
            ("dang_ky_thuong_tru", 0.2),
            ("cap_the_can_cuoc", 0.1),
            ("ly_hon", 0.06),
            ("tuoi_ket_hon", 0.01),
        ),
    )


def test_a_confident_faq_is_answered():
    decision = decide(faq_interpretation(0.9), THRESHOLDS)
    assert decision.kind is DecisionKind.ANSWER_FAQ
    assert decision.faq_id == "dang_ky_tam_tru"


def test_an_unsure_faq_is_declined_with_three_suggestions():
    decision = decide(faq_interpretation(0.55), THRESHOLDS)
    assert decision.kind is DecisionKind.NOT_SURE
    assert decision.is_fallback
    assert decision.suggestions == ("dang_ky_tam_tru", "dang_ky_thuong_tru", "cap_the_can_cuoc")


def test_a_confident_selection_under_an_unsure_intent_is_declined():
    decision = decide(faq_interpretation(0.95, intent_confidence=0.3), THRESHOLDS)
    assert decision.kind is DecisionKind.NOT_SURE


def test_out_of_scope_is_declined_even_when_an_faq_ranks_high():
    interpretation = Interpretation("out_of_scope", 0.8, "ly_hon", 0.9, (("ly_hon", 0.9),))
    decision = decide(interpretation, THRESHOLDS)
    assert decision.kind is DecisionKind.OUT_OF_SCOPE
    assert decision.is_fallback


def test_a_confident_conversational_intent_is_followed():
    decision = decide(Interpretation("greet", 0.97), THRESHOLDS)
    assert decision.kind is DecisionKind.CONVERSATION
    assert decision.intent == "greet"


def test_an_unsure_conversational_intent_is_declined():
    assert decide(Interpretation("greet", 0.3), THRESHOLDS).kind is DecisionKind.NOT_SURE


def test_noise_level_suggestions_are_dropped():
    interpretation = Interpretation("out_of_scope", 0.9, "ly_hon", 0.03, (("ly_hon", 0.03),))
    assert suggestions_from(interpretation) == ()


def test_thresholds_survive_a_round_trip_to_disk(tmp_path):
    path = tmp_path / "thresholds.json"
    Thresholds(intent=0.35, faq=0.475).save(path)
    assert Thresholds.load(path) == Thresholds(intent=0.35, faq=0.475)
