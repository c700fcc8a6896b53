import dataclasses

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


FIELDS = {"dang_ky_tam_tru": "cu_tru", "dang_ky_thuong_tru": "cu_tru", "ly_hon": "gia_dinh",
          "thu_viec": "lao_dong", "hop_dong_lao_dong": "lao_dong"}  # fmt: skip
TUNED = Thresholds(intent=0.5, faq=0.6, margin=0.15, clarify=0.3, out_of_scope=0.7,
                   lexical_weight=0.5)  # fmt: skip


def ranked(*scores, lexical=(), intent_ranking=()):
    return Interpretation(
        "faq", 0.9, scores[0][0], scores[0][1], tuple(scores),
        intent_ranking=intent_ranking, lexical_ranking=tuple(lexical),
    )  # fmt: skip


def test_the_model_and_the_lexical_match_agreeing_answer():
    interpretation = ranked(
        ("thu_viec", 0.8), ("hop_dong_lao_dong", 0.1), lexical=[("thu_viec", 0.7)]
    )
    decision = decide(interpretation, TUNED, FIELDS)
    assert decision.kind is DecisionKind.ANSWER_FAQ and decision.faq_id == "thu_viec"


def test_a_confident_model_without_lexical_support_does_not_answer():
    # The dismissal question: the model leans to probation, no example of it is near.
    interpretation = ranked(
        ("thu_viec", 0.8), ("hop_dong_lao_dong", 0.15), lexical=[("thu_viec", 0.1)]
    )
    assert decide(interpretation, TUNED, FIELDS).kind is not DecisionKind.ANSWER_FAQ


def test_two_close_candidates_are_a_clarifying_question():
    interpretation = ranked(
        ("dang_ky_tam_tru", 0.5), ("dang_ky_thuong_tru", 0.45), ("ly_hon", 0.05),
        lexical=[("dang_ky_tam_tru", 0.6), ("dang_ky_thuong_tru", 0.55)],
    )  # fmt: skip
    decision = decide(interpretation, TUNED, FIELDS)
    assert decision.kind is DecisionKind.CLARIFY
    assert decision.suggestions == ("dang_ky_tam_tru", "dang_ky_thuong_tru")


def test_a_strong_out_of_scope_signal_declines_a_near_miss():
    interpretation = ranked(
        ("thu_viec", 0.9), lexical=[("thu_viec", 0.7)], intent_ranking=(("out_of_scope", 0.75),)
    )
    assert decide(interpretation, TUNED, FIELDS).kind is DecisionKind.OUT_OF_SCOPE


def test_declining_offers_only_plausible_entries_of_the_best_candidates_field():
    interpretation = ranked(("thu_viec", 0.3), ("ly_hon", 0.25), ("hop_dong_lao_dong", 0.2))
    decision = decide(interpretation, TUNED, FIELDS)
    assert decision.kind is DecisionKind.NOT_SURE
    assert decision.suggestions == ("thu_viec", "hop_dong_lao_dong")


def test_a_short_greeting_close_to_an_example_is_conversation_even_if_the_model_is_unsure():
    interpretation = Interpretation("greet", 0.26, lexical_ranking=(("greet", 0.85),))
    assert decide(interpretation, TUNED, FIELDS).kind is DecisionKind.CONVERSATION
    unsure = Interpretation("greet", 0.26, lexical_ranking=(("greet", 0.3),))
    assert decide(unsure, TUNED, FIELDS).kind is DecisionKind.NOT_SURE


def test_a_message_that_nearly_repeats_an_intent_example_is_that_intent():
    interpretation = Interpretation(
        "faq", 0.4, "ly_hon", 0.3, (("ly_hon", 0.3),),
        lexical_ranking=(("subscribe", 0.92), ("ly_hon", 0.2)),
    )  # fmt: skip
    decision = decide(interpretation, TUNED, FIELDS)
    assert decision.kind is DecisionKind.CONVERSATION and decision.intent == "subscribe"


def test_an_entry_whose_phrasings_miss_the_questions_words_is_not_answered():
    # "xe 50cc chạy tối đa bao nhiêu": close to the speeding entry by score, but half its
    # informative words appear in none of that entry's phrasings.
    checked = dataclasses.replace(TUNED, term_fit=0.6)
    fitting = dataclasses.replace(
        ranked(("thu_viec", 0.8), ("hop_dong_lao_dong", 0.1), lexical=[("thu_viec", 0.7)]),
        term_fit=(("thu_viec", 0.9),),
    )
    missing = dataclasses.replace(fitting, term_fit=(("thu_viec", 0.4),))
    assert decide(fitting, checked, FIELDS).kind is DecisionKind.ANSWER_FAQ
    assert decide(missing, checked, FIELDS).kind is not DecisionKind.ANSWER_FAQ
    assert decide(missing, TUNED, FIELDS).kind is DecisionKind.ANSWER_FAQ


def test_a_pipeline_without_the_fit_is_not_held_to_it():
    interpretation = ranked(
        ("thu_viec", 0.8), ("hop_dong_lao_dong", 0.1), lexical=[("thu_viec", 0.7)]
    )
    assert interpretation.fit_of("thu_viec") == 1.0
    checked = dataclasses.replace(TUNED, term_fit=0.6)
    assert decide(interpretation, checked, FIELDS).kind is DecisionKind.ANSWER_FAQ
