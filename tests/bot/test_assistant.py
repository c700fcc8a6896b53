"""Dialogue decisions, with a scripted parser standing in for the model.

The same behaviours are checked against the real trained model in test_assistant_model.py;
here each path is pinned down exactly, whatever a retrained model would say.
"""

import datetime as dt

import pytest

from bot import payloads, replies
from bot.assistant import Assistant
from bot.conversation import Conversation
from bot.decisions import Thresholds
from bot.interpretation import Interpretation
from bot.kb_citations import Scope, Source
from bot.knowledge_base import Faq, KnowledgeBase, LegalBasis, LegalField
from bot.legal_currency import DocumentChange, Flag, FlagKind
from bot.legal_documents import RelationKind
from bot.messages import IncomingMessage, MessageKind
from bot.turn import ForwardedQuestion


def make_faq(faq_id: str, field: str, title: str) -> Faq:
    return Faq(
        id=faq_id,
        field=field,
        title=title,
        audiences=("general_public",),
        question=f"Câu hỏi về {title}?",
        variants=(),
        answer=f"Trả lời về {title}.",
        legal_basis=(LegalBasis("Luật Cư trú 2020 (số 68/2020/QH14)", ("Điều 27",)),),
        reviewed=dt.date(2026, 11, 22),
        scope=Scope(f"{title}.", ("Câu hỏi khác 1?", "Câu hỏi khác 2?", "Câu hỏi khác 3?")),
        sources=(
            Source(
                f"Quy định về {title}",
                "Luật Cư trú 2020 (số 68/2020/QH14)",
                "Điều 27",
                "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=148466",
            ),
        ),
    )


KB = KnowledgeBase(
    fields=(
        LegalField("cu_tru_can_cuoc", "Cư trú và căn cước", "Cư trú, căn cước"),
        LegalField("ho_tich", "Hộ tịch", "Hộ tịch"),
    ),
    faqs=(
        make_faq("dang_ky_tam_tru", "cu_tru_can_cuoc", "Đăng ký tạm trú"),
        make_faq("dang_ky_thuong_tru", "cu_tru_can_cuoc", "Đăng ký thường trú"),
        make_faq("dang_ky_ket_hon", "ho_tich", "Đăng ký kết hôn"),
    ),
)
RANKING = (("dang_ky_tam_tru", 0.5), ("dang_ky_thuong_tru", 0.3), ("dang_ky_ket_hon", 0.2))


class ScriptedParser:
    """Answers each text with the interpretation the test scripted, and counts calls."""

    def __init__(self, script: dict[str, Interpretation]) -> None:
        self.script = script
        self.parsed: list[str] = []

    def parse(self, text: str) -> Interpretation:
        self.parsed.append(text)
        return self.script.get(text, Interpretation("out_of_scope", 0.9))


SCRIPT = {
    "dang ky tam tru o dau": Interpretation("faq", 0.99, "dang_ky_tam_tru", 0.95, RANKING),
    "tạm trú hay gì đó": Interpretation("faq", 0.9, "dang_ky_tam_tru", 0.4, RANKING),
    "xin chào": Interpretation("greet", 0.99),
    "hữu ích quá": Interpretation("feedback_positive", 0.98),
    "sai rồi": Interpretation("feedback_negative", 0.98),
    "gặp cán bộ": Interpretation("ask_human", 0.97),
    "hàng xóm xây lấn đất": Interpretation(
        "faq", 0.6, "dang_ky_ket_hon", 0.3, (("dang_ky_ket_hon", 0.3), ("dang_ky_tam_tru", 0.2))
    ),
}


@pytest.fixture
def parser():
    return ScriptedParser(SCRIPT)


@pytest.fixture
def assistant(parser):
    return Assistant(KB, parser, Thresholds(intent=0.5, faq=0.6), forwarding=True)


def text(value: str) -> IncomingMessage:
    return IncomingMessage(channel="test", user_id="u1", text=value)


def choice(payload: str) -> IncomingMessage:
    return IncomingMessage(channel="test", user_id="u1", kind=MessageKind.CHOICE, payload=payload)


def payloads_of(turn) -> list[str]:
    return [reply.payload for message in turn.messages for reply in message.quick_replies]


def forwarded(*turns) -> list[str]:
    """The questions these turns hand to officials."""
    return [turn.forwarded_question.question for turn in turns if turn.forwarded_question]


def test_a_confident_question_gets_the_answer_with_basis_disclaimer_and_feedback(assistant):
    turn = assistant.handle(text("dang ky tam tru o dau"), Conversation())
    assert turn.faq_id == "dang_ky_tam_tru"
    assert not turn.fallback
    assert "Trả lời về Đăng ký tạm trú." in turn.text
    assert "Căn cứ: Điều 27 Luật Cư trú 2020 (số 68/2020/QH14)." in turn.text
    assert replies.DISCLAIMER in turn.text
    assert payloads_of(turn)[:2] == ["HELPFUL:dang_ky_tam_tru", "NOT_HELPFUL:dang_ky_tam_tru"]


def test_an_unsure_question_is_declined_with_same_field_suggestions_and_an_offer_to_forward(
    assistant,
):
    conversation = Conversation()
    turn = assistant.handle(text("tạm trú hay gì đó"), conversation)
    assert turn.fallback
    assert turn.faq_id is None
    assert replies.NOT_SURE in turn.text
    assert "1. Câu hỏi về Đăng ký tạm trú?" in turn.text
    assert replies.OFFER_FORWARD in turn.text
    # Marriage registration ranks third but is another field: not offered.
    assert payloads_of(turn)[:3] == [
        "FAQ:dang_ky_tam_tru",
        "FAQ:dang_ky_thuong_tru",
        payloads.HUMAN,
    ]
    assert conversation.last_unanswered == "tạm trú hay gì đó"


def test_out_of_scope_says_so_and_offers_an_official(assistant):
    turn = assistant.handle(text("hôm nay trời mưa không"), Conversation())
    assert turn.fallback
    assert replies.OUT_OF_SCOPE in turn.text
    assert payloads.HUMAN in payloads_of(turn)


def test_choosing_a_suggestion_answers_that_faq_without_parsing(assistant, parser):
    turn = assistant.handle(choice("FAQ:dang_ky_ket_hon"), Conversation())
    assert turn.faq_id == "dang_ky_ket_hon"
    assert parser.parsed == []


def test_typing_the_number_of_an_offered_choice_picks_it(assistant, parser):
    conversation = Conversation()
    assistant.handle(text("tạm trú hay gì đó"), conversation)
    turn = assistant.handle(text("2"), conversation)
    assert turn.faq_id == "dang_ky_thuong_tru"
    assert parser.parsed == ["tạm trú hay gì đó"]


def test_a_number_beyond_the_offered_choices_is_parsed_as_text(assistant, parser):
    conversation = Conversation()
    assistant.handle(text("xin chào"), conversation)
    assistant.handle(text("99"), conversation)
    assert parser.parsed[-1] == "99"


def test_greeting_shows_a_menu_of_fields_and_an_official(assistant):
    turn = assistant.handle(text("xin chào"), Conversation())
    assert turn.intent == "greet"
    assert {"FIELD:cu_tru_can_cuoc", "FIELD:ho_tich", payloads.HUMAN} <= set(payloads_of(turn))


def test_following_the_account_greets(assistant):
    follow = IncomingMessage(channel="test", user_id="u1", kind=MessageKind.FOLLOW)
    assert assistant.handle(follow, Conversation()).intent == "greet"


def test_choosing_a_field_lists_its_questions(assistant):
    turn = assistant.handle(choice("FIELD:cu_tru_can_cuoc"), Conversation())
    assert payloads_of(turn)[:2] == ["FAQ:dang_ky_tam_tru", "FAQ:dang_ky_thuong_tru"]
    assert "Cư trú và căn cước" in turn.text


def test_typed_praise_rates_the_last_answer(assistant):
    conversation = Conversation()
    assistant.handle(text("dang ky tam tru o dau"), conversation)
    turn = assistant.handle(text("hữu ích quá"), conversation)
    assert turn.feedback is not None
    assert turn.feedback.helpful
    assert turn.feedback.faq_id == "dang_ky_tam_tru"


def test_not_helpful_offers_to_forward_the_original_question(assistant):
    conversation = Conversation()
    answered = assistant.handle(text("dang ky tam tru o dau"), conversation)
    turn = assistant.handle(choice("NOT_HELPFUL:dang_ky_tam_tru"), conversation)
    assert turn.feedback is not None and not turn.feedback.helpful
    assert payloads.HUMAN in payloads_of(turn)
    asked = assistant.handle(choice(payloads.HUMAN), conversation)
    assert forwarded(answered, turn, asked) == ["dang ky tam tru o dau"]


def test_feedback_without_an_answer_records_nothing(assistant):
    turn = assistant.handle(text("sai rồi"), Conversation())
    assert turn.feedback is None


def test_asking_for_an_official_after_a_declined_question_forwards_it(assistant):
    conversation = Conversation()
    declined = assistant.handle(text("tạm trú hay gì đó"), conversation)
    turn = assistant.handle(text("gặp cán bộ"), conversation)
    assert forwarded(declined, turn) == ["tạm trú hay gì đó"]
    # The FAQs the model found likely go with it: they route it to the right field.
    assert turn.forwarded_question == ForwardedQuestion(
        "tạm trú hay gì đó", ("dang_ky_tam_tru", "dang_ky_thuong_tru")
    )
    assert replies.FORWARDED in turn.text


def test_asking_for_an_official_first_asks_for_the_question(assistant, parser):
    conversation = Conversation()
    asking = assistant.handle(text("gặp cán bộ"), conversation)
    assert replies.FORWARD_ASK_QUESTION in asking.text
    turn = assistant.handle(text("hàng xóm xây lấn đất"), conversation)
    assert forwarded(asking, turn) == ["hàng xóm xây lấn đất"]
    assert replies.FORWARDED in turn.text
    # Parsed only to route it by field, never answered from the knowledge base.
    assert turn.forwarded_question.likely_faq_ids[0] == "dang_ky_ket_hon"
    assert turn.faq_id is None


@pytest.mark.parametrize("command", ["menu", "trợ giúp", "dừng"])
def test_a_command_while_a_question_is_awaited_is_not_forwarded(assistant, command):
    conversation = Conversation()
    asking = assistant.handle(text("gặp cán bộ"), conversation)
    commanded = assistant.handle(text(command), conversation)
    assert forwarded(asking, commanded) == []
    # The step is closed: the next question is answered, not forwarded.
    answered = assistant.handle(text("dang ky tam tru o dau"), conversation)
    assert answered.faq_id == "dang_ky_tam_tru"
    assert forwarded(answered) == []


def test_thoi_while_a_question_is_awaited_forwards_nothing(assistant):
    conversation = Conversation()
    asking = assistant.handle(text("gặp cán bộ"), conversation)
    cancelled = assistant.handle(text("thôi"), conversation)
    assert cancelled.text == replies.FORWARD_CANCELLED
    assert forwarded(asking, cancelled) == []


def test_a_whole_message_counts_as_a_command_not_a_question_starting_with_one(assistant, parser):
    assistant.handle(text("dừng xe ở đâu"), Conversation())
    assert parser.parsed == ["dừng xe ở đâu"]


def test_without_forwarding_the_citizen_is_told_where_to_go(parser):
    assistant = Assistant(KB, parser, Thresholds(), forwarding=False)
    turn = assistant.handle(text("gặp cán bộ"), Conversation())
    assert replies.FORWARD_UNAVAILABLE in turn.text
    assert turn.forwarded_question is None


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_empty_text_gets_the_menu_without_parsing(assistant, parser, blank):
    turn = assistant.handle(text(blank), Conversation())
    assert replies.EMPTY_MESSAGE in turn.text
    assert payloads_of(turn)
    assert parser.parsed == []


def test_emoji_only_text_asks_for_words_without_parsing(assistant, parser):
    turn = assistant.handle(text("👍😀🙏"), Conversation())
    assert replies.NOT_TEXT in turn.text
    assert parser.parsed == []


def test_a_sticker_or_image_gets_a_polite_request_to_type(assistant):
    sticker = IncomingMessage(channel="test", user_id="u1", kind=MessageKind.ATTACHMENT)
    assert replies.NOT_TEXT in assistant.handle(sticker, Conversation()).text


def test_an_unknown_payload_shows_the_menu(assistant):
    turn = assistant.handle(choice("SOMETHING_OLD:42"), Conversation())
    assert replies.UNKNOWN_CHOICE in turn.text


def test_a_choice_for_a_removed_faq_shows_the_menu(assistant):
    turn = assistant.handle(choice("FAQ:no_such_faq"), Conversation())
    assert replies.UNKNOWN_CHOICE in turn.text


def test_unfollow_sends_nothing(assistant):
    unfollow = IncomingMessage(channel="test", user_id="u1", kind=MessageKind.UNFOLLOW)
    assert assistant.handle(unfollow, Conversation()).messages == ()


def test_conversation_state_survives_a_round_trip_through_a_dict(assistant):
    conversation = Conversation()
    assistant.handle(text("tạm trú hay gì đó"), conversation)
    restored = Conversation.from_dict(conversation.to_dict() | {"unknown_key": 1})
    assert restored == conversation


class FixedFlags:
    """The currency watch as the assistant sees it: the open flags of each entry."""

    def __init__(self, flags_by_entry) -> None:
        self.flags_by_entry = flags_by_entry

    def flags(self, faq_id: str):
        return self.flags_by_entry.get(faq_id, ())


AMENDED = Flag(
    "dang_ky_tam_tru", FlagKind.CHANGED, "amends:99/2026/QH15>68/2020/QH14", dt.date(2026, 7, 1),
    DocumentChange("99/2026/QH15", "Luật 99/2026/QH15", RelationKind.AMENDS, "68/2020/QH14",
                   dt.date(2026, 7, 1)),
    target_document="Luật Cư trú 2020 (số 68/2020/QH14)",
)  # fmt: skip


def test_a_flagged_answer_is_given_with_one_caution_line(parser):
    currency = FixedFlags({"dang_ky_tam_tru": (AMENDED,)})
    assistant = Assistant(KB, parser, Thresholds(intent=0.5, faq=0.6), True, None, currency)

    turn = assistant.handle(text("dang ky tam tru o dau"), Conversation())

    assert turn.faq_id == "dang_ky_tam_tru" and not turn.fallback
    cautions = [line for line in turn.text.split("\n") if line.startswith("Lưu ý:")]
    assert cautions == [
        "Lưu ý: Luật 99/2026/QH15 sửa đổi, bổ sung Luật Cư trú 2020 (số 68/2020/QH14) từ "
        "01/07/2026; câu trả lời đang được rà soát. Gõ “gặp cán bộ” để được cán bộ trả lời."
    ]


def test_asking_for_an_official_after_a_flagged_answer_forwards_that_question(parser):
    currency = FixedFlags({"dang_ky_tam_tru": (AMENDED,)})
    assistant = Assistant(KB, parser, Thresholds(intent=0.5, faq=0.6), True, None, currency)
    conversation = Conversation()
    answered = assistant.handle(text("dang ky tam tru o dau"), conversation)

    turn = assistant.handle(text("gặp cán bộ"), conversation)

    assert turn.forwarded_question == ForwardedQuestion(
        "dang ky tam tru o dau", ("dang_ky_tam_tru",)
    )
    assert forwarded(answered) == []


def test_an_unflagged_answer_carries_no_caution(parser):
    assistant = Assistant(KB, parser, Thresholds(intent=0.5, faq=0.6), True, None, FixedFlags({}))
    turn = assistant.handle(text("dang ky tam tru o dau"), Conversation())
    assert "Lưu ý:" not in turn.text


def test_two_close_entries_are_offered_as_choices_and_a_tap_answers(parser):
    parser.script["dang ky cu tru"] = Interpretation(
        "faq", 0.95, "dang_ky_tam_tru", 0.48,
        (("dang_ky_tam_tru", 0.48), ("dang_ky_thuong_tru", 0.44), ("dang_ky_ket_hon", 0.03)),
    )  # fmt: skip
    thresholds = Thresholds(intent=0.5, faq=0.6, margin=0.1, clarify=0.3)
    assistant = Assistant(KB, parser, thresholds, forwarding=True)
    conversation = Conversation()
    turn = assistant.handle(text("dang ky cu tru"), conversation)
    assert turn.faq_id is None and replies.CLARIFY in turn.text
    assert payloads_of(turn) == ["FAQ:dang_ky_tam_tru", "FAQ:dang_ky_thuong_tru", payloads.HUMAN]
    tapped = assistant.handle(choice("FAQ:dang_ky_thuong_tru"), conversation)
    assert tapped.faq_id == "dang_ky_thuong_tru"
    numbered = assistant.handle(text("dang ky cu tru"), Conversation())
    assert "2. " in numbered.text


def test_asking_for_an_official_with_the_question_in_one_message_forwards_it(assistant, parser):
    turn = assistant.handle(text("Tôi muốn hỏi cán bộ về thủ tục tách thửa đất"), Conversation())
    assert forwarded(turn) == ["thủ tục tách thửa đất"]
    assert "Tôi muốn hỏi cán bộ về thủ tục tách thửa đất" not in parser.parsed


def test_a_declined_question_offers_the_national_portal_when_one_is_configured(parser):
    url = "https://phapluat.gov.vn/hoi-dap"
    configured = Assistant(KB, parser, Thresholds(intent=0.5, faq=0.6), True, national_qa_url=url)
    turn = configured.handle(text("tạm trú hay gì đó"), Conversation())
    assert turn.fallback and url in turn.text
    plain = Assistant(KB, parser, Thresholds(intent=0.5, faq=0.6), forwarding=True)
    assert (
        "Cổng pháp luật quốc gia"
        not in plain.handle(text("tạm trú hay gì đó"), Conversation()).text
    )


def test_a_field_with_many_entries_is_browsed_page_by_page(parser):
    many = KnowledgeBase(
        fields=(LegalField("lao_dong_bao_hiem", "Lao động và bảo hiểm", "Lao động"),),
        faqs=tuple(
            make_faq(f"muc_{n:02d}", "lao_dong_bao_hiem", f"Mục {n:02d}") for n in range(1, 13)
        ),
    )
    assistant = Assistant(many, parser, Thresholds())
    conversation = Conversation()
    first = assistant.handle(choice("FIELD:lao_dong_bao_hiem"), conversation)
    assert payloads_of(first)[:10] == [f"FAQ:muc_{n:02d}" for n in range(1, 11)]
    assert "FIELD:lao_dong_bao_hiem:1" in payloads_of(first)
    second = assistant.handle(choice("FIELD:lao_dong_bao_hiem:1"), conversation)
    assert payloads_of(second)[:2] == ["FAQ:muc_11", "FAQ:muc_12"]
    assert not any(p.startswith("FIELD:") for p in payloads_of(second))
    tapped = assistant.handle(text("2"), conversation)  # numbers count within the page
    assert tapped.faq_id == "muc_12"
