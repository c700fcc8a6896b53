from bot.interpretation import interpretation_from_parse

RASA_PARSE_RESULT = {
    "text": "dang ky tam tru o dau",
    "intent": {"name": "faq", "confidence": 0.98},
    "response_selector": {
        "all_retrieval_intents": ["faq"],
        "faq": {
            "response": {
                "responses": [{"text": "..."}],
                "confidence": 0.91,
                "intent_response_key": "faq/dang_ky_tam_tru",
                "utter_action": "utter_faq/dang_ky_tam_tru",
            },
            "ranking": [
                {"confidence": 0.91, "intent_response_key": "faq/dang_ky_tam_tru"},
                {"confidence": 0.07, "intent_response_key": "faq/dang_ky_thuong_tru"},
            ],
        },
    },
}


def test_reads_intent_faq_and_ranking_from_a_rasa_parse():
    interpretation = interpretation_from_parse(RASA_PARSE_RESULT)
    assert interpretation.intent == "faq"
    assert interpretation.intent_confidence == 0.98
    assert interpretation.faq_id == "dang_ky_tam_tru"
    assert interpretation.faq_confidence == 0.91
    assert interpretation.faq_ranking == (("dang_ky_tam_tru", 0.91), ("dang_ky_thuong_tru", 0.07))
    assert interpretation.is_faq


def test_a_parse_without_a_response_selector_has_no_faq():
    interpretation = interpretation_from_parse({"intent": {"name": "greet", "confidence": 0.9}})
    assert interpretation.faq_id is None
    assert not interpretation.is_faq


def test_a_parse_of_nothing_has_no_intent():
    interpretation = interpretation_from_parse({"intent": None})
    assert interpretation.intent is None
    assert interpretation.intent_confidence == 0.0


def test_reads_the_lexical_ranking_and_term_fit_of_our_component():
    result = {
        **RASA_PARSE_RESULT,
        "lexical_ranking": [{"name": "dang_ky_tam_tru", "similarity": 0.62}],
        "term_fit": [{"name": "dang_ky_tam_tru", "fit": 0.8}],
    }
    interpretation = interpretation_from_parse(result)
    assert interpretation.lexical_ranking == (("dang_ky_tam_tru", 0.62),)
    assert interpretation.fit_of("dang_ky_tam_tru") == 0.8
    assert interpretation.fit_of("dang_ky_thuong_tru") == 0.0


def test_reads_the_ranking_of_our_faq_classifier():
    result = {
        "intent": {"name": "faq", "confidence": 0.9},
        "faq_ranking": [
            {"name": "dang_ky_thuong_tru", "confidence": 0.7},
            {"name": "dang_ky_tam_tru", "confidence": 0.2},
        ],
    }
    interpretation = interpretation_from_parse(result)
    assert interpretation.faq_id == "dang_ky_thuong_tru"
    assert interpretation.faq_confidence == 0.7
    assert interpretation.faq_ranking == (("dang_ky_thuong_tru", 0.7), ("dang_ky_tam_tru", 0.2))
    assert interpretation.is_faq
