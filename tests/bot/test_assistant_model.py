"""The assistant with the real trained model: answers, declines and bad input."""

import pytest

from bot import payloads, replies
from bot.conversation import Conversation
from bot.messages import IncomingMessage

pytestmark = pytest.mark.model


def ask(assistant, text: str):
    return assistant.handle(
        IncomingMessage(channel="test", user_id="u1", text=text), Conversation()
    )


@pytest.mark.parametrize(
    ("question", "faq_id"),
    [
        ("Đăng ký tạm trú ở đâu?", "dang_ky_tam_tru"),
        ("dang ky tam tru o dau", "dang_ky_tam_tru"),
        ("mất căn cước thì làm lại thế nào", "cap_the_can_cuoc"),
        ("muc phat nong do con xe may", "phat_nong_do_con"),
        ("thủ tục ly hôn đơn phương", "ly_hon"),
        ("rut bhxh 1 lan dc ko", "rut_bhxh_mot_lan"),
    ],
)
def test_everyday_questions_are_answered_with_their_legal_basis(assistant, question, faq_id):
    turn = ask(assistant, question)
    assert turn.faq_id == faq_id
    assert not turn.fallback
    assert "Căn cứ:" in turn.text
    assert replies.DISCLAIMER in turn.text
    titles = [reply.title for message in turn.messages for reply in message.quick_replies]
    assert replies.FEEDBACK_HELPFUL in titles and replies.FEEDBACK_NOT_HELPFUL in titles


def test_every_canonical_question_gets_its_own_entry_never_another(assistant, project_paths):
    from bot.knowledge_base import load_knowledge_base

    knowledge_base = load_knowledge_base(project_paths.kb_dir)
    turns = {faq.id: ask(assistant, faq.question) for faq in knowledge_base.faqs}
    # Its own answer, or a choice between close entries that includes it: never another.
    wrong = {
        faq_id: turn.faq_id
        for faq_id, turn in turns.items()
        if turn.faq_id != faq_id
        and f"FAQ:{faq_id}" not in [r.payload for m in turn.messages for r in m.quick_replies]
    }
    assert wrong == {}
    answered = sum(turn.faq_id == faq_id for faq_id, turn in turns.items())
    assert answered >= 0.9 * len(turns)


def test_greeting_shows_the_topic_menu(assistant):
    turn = ask(assistant, "xin chào ad")
    assert turn.intent == "greet"
    assert any(
        reply.payload.startswith(payloads.FIELD)
        for message in turn.messages
        for reply in message.quick_replies
    )


@pytest.mark.parametrize(
    "question",
    [
        "công thức nấu phở bò ngon",
        "tối nay đội tuyển Việt Nam đá mấy giờ",
        "giá iphone 17 bao nhiêu",
    ],
)
def test_off_topic_questions_are_declined_with_an_offer_to_forward(assistant, question):
    turn = ask(assistant, question)
    assert turn.fallback
    assert turn.faq_id is None
    assert replies.OFFER_FORWARD in turn.text


BAD_INPUTS = {
    "empty": "",
    "whitespace": "   \n\t  ",
    "emoji only": "😀🙏👍🔥",
    "5000 characters": "tôi muốn hỏi về đất đai nhà tôi " * 160,
    "mixed Vietnamese and English": "cho em hỏi procedure to register temporary residence ạ",
    "HTML": "<script>alert('x')</script><b>hello</b>",
    "SQL": "'; DROP TABLE subscribers; -- SELECT * FROM faq WHERE 1=1",
    "control characters": "\x00\x1b[31m\u200b\ufeff",
}


@pytest.mark.parametrize("text", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_gets_a_sensible_reply_never_an_exception(assistant, text):
    turn = ask(assistant, text)
    assert turn.messages, "every message gets a reply"
    assert all(message.text.strip() for message in turn.messages)
    assert len(turn.text) <= 2000


@pytest.mark.parametrize("text", [BAD_INPUTS["HTML"], BAD_INPUTS["SQL"], BAD_INPUTS["emoji only"]])
def test_code_fragments_and_emoji_are_not_answered_as_legal_questions(assistant, text):
    turn = ask(assistant, text)
    assert turn.faq_id is None


def test_a_dismissal_question_never_gets_the_probation_answer(assistant):
    turn = ask(assistant, "bị công ty đuổi việc không báo trước có được bồi thường không")
    assert turn.faq_id != "thu_viec"


def test_a_marriage_with_a_foreigner_never_gets_the_domestic_marriage_answer(assistant):
    turn = ask(assistant, "lấy chồng người Hàn Quốc thì đăng ký kết hôn ở đâu, cần giấy tờ gì")
    assert turn.faq_id != "dang_ky_ket_hon"


def test_asking_for_an_official_about_a_topic_forwards(assistant):
    turn = ask(assistant, "tôi muốn hỏi cán bộ về việc chia đất cho các con")
    assert turn.intent == "ask_human"


SLANG_AND_STORIES = {
    "dang ky tam tru o dau v ad": "dang_ky_tam_tru",
    "e muốn làm cccd lần đầu thì cần mang j": "cap_the_can_cuoc",
    "ly hon don phuong can giay to j": "ly_hon",
    "rut bhxh 1 lan dc ko ad": "rut_bhxh_mot_lan",
    "cty nợ lương 2 tháng ko trả thì e phải lm sao": "no_luong_cham_luong",
    "bị phạt nồng độ cồn xe máy bn tiền": "phat_nong_do_con",
    "Chào anh chị, em mới ra trường đi làm ở quê được mấy tháng, lương thấp lắm. Em sinh con "
    "thứ hai vào tháng 8 năm nay thì được nghỉ thai sản mấy tháng ạ?": "che_do_thai_san",
    "Dạ em chào ạ, nhà em ở quê, bố em mất không để lại di chúc, giờ mấy anh chị em muốn chia "
    "thừa kế theo pháp luật thì ai được hưởng ạ?": "thua_ke_theo_phap_luat",
}


def offered(turn) -> set[str]:
    """The entries a reply offers as choices (clarifying, or declining with suggestions)."""
    return {
        payloads.parse_payload(reply.payload).argument
        for message in turn.messages
        for reply in message.quick_replies
        if payloads.parse_payload(reply.payload).kind == payloads.FAQ
    }


def test_slang_and_story_questions_are_mostly_answered_and_never_wrongly(assistant):
    """Each reaches its entry at once or one tap away, most of them at once."""
    turns = {question: ask(assistant, question) for question in SLANG_AND_STORIES}
    answers = {question: turn.faq_id for question, turn in turns.items()}
    right = [q for q, faq_id in answers.items() if faq_id == SLANG_AND_STORIES[q]]
    wrong = [q for q, faq_id in answers.items() if faq_id not in (None, SLANG_AND_STORIES[q])]
    assert wrong == []
    assert len(right) >= 5, answers
    unreached = [
        q
        for q, turn in turns.items()
        if q not in right and SLANG_AND_STORIES[q] not in offered(turn)
    ]
    assert unreached == []
