"""What the citizen receives for one message: the turn, then held answers, then held news;
and what is recorded with it. Pure: no database, no worker."""

import datetime as dt

from bot import replies
from bot.conversation import Conversation
from bot.messages import OutgoingMessage, QuickReply
from bot.turn import Feedback, ForwardedQuestion, Turn
from broadcasts.digest import DIGEST_MORE, NOTHING_MORE, HeldItem
from server.citizen_reply import (
    AssistantFailed,
    HeldAnswer,
    HeldNewsPage,
    NextNewsPage,
    TurnFacts,
    compose_reply,
)

ANSWER = Turn(
    messages=(OutgoingMessage("Trả lời về Đăng ký tạm trú.", (QuickReply("Hữu ích", "H"),)),),
    intent="faq",
    confidence=0.93,
    faq_id="dang_ky_tam_tru",
)
FORWARDED = Turn(
    messages=(OutgoingMessage(replies.FORWARDED),),
    intent="ask_human",
    confidence=1.0,
    forwarded_question=ForwardedQuestion("hàng xóm xây lấn đất", ("dat_dai_tranh_chap",)),
)
NEWS = HeldNewsPage(
    (
        HeldItem(7, "Luật Việc làm 2025", "74/2025/QH15", dt.date(2026, 1, 1), None),
        HeldItem(5, "Luật Cư trú sửa đổi", None, None, "https://vbpl.vn/1"),
    ),
    more=True,
)
HELD_ANSWERS = (HeldAnswer(11, "Cán bộ trả lời: câu một."), HeldAnswer(12, "Câu hai."))


def texts(reply) -> list[str]:
    return [message.text for message in reply.messages]


def test_a_turn_alone_is_sent_as_it_is_with_its_facts():
    conversation = Conversation(last_faq_id="dang_ky_tam_tru")
    reply = compose_reply(ANSWER, conversation)
    assert reply.messages == ANSWER.messages
    assert reply.facts == TurnFacts("faq", 0.93, "dang_ky_tam_tru")
    assert reply.conversation == conversation
    assert reply.forwarded is None
    assert (reply.released_news, reply.released_answers) == ((), ())


def test_the_question_a_turn_forwards_is_recorded_with_the_reply():
    reply = compose_reply(FORWARDED, Conversation())
    assert reply.forwarded == ForwardedQuestion("hàng xóm xây lấn đất", ("dat_dai_tranh_chap",))
    assert texts(reply) == [replies.FORWARDED]


def test_a_rating_is_part_of_the_facts():
    rated = Turn(
        (OutgoingMessage(replies.FEEDBACK_THANKS),),
        intent="feedback_positive",
        confidence=1.0,
        feedback=Feedback(True, None, 12),
    )
    assert compose_reply(rated, Conversation()).facts.feedback == Feedback(True, None, 12)


def test_a_cut_message_is_told_so_before_the_answer():
    reply = compose_reply(ANSWER, Conversation(), text_cut=True)
    assert texts(reply) == [replies.TEXT_CUT, "Trả lời về Đăng ký tạm trú."]


def test_held_answers_then_held_news_follow_the_turn_and_are_released_with_it():
    reply = compose_reply(ANSWER, Conversation(), NEWS, HELD_ANSWERS)
    assert texts(reply)[0] == "Trả lời về Đăng ký tạm trú."
    assert texts(reply)[1].startswith("Cán bộ trả lời: câu một.")
    assert texts(reply)[2].startswith("Câu hai.")
    # Each carried answer can be rated on its own.
    assert [r.payload for r in reply.messages[2].quick_replies][0].endswith(":12")
    assert texts(reply)[3].startswith("📢 Tin pháp luật mới trong lúc bạn vắng:")
    assert "1. Luật Việc làm 2025 (74/2025/QH15 · hiệu lực 01/01/2026)" in texts(reply)[3]
    assert [r.payload for r in reply.messages[3].quick_replies] == [DIGEST_MORE]
    assert reply.released_answers == (11, 12)
    assert reply.released_news == (7, 5)


def test_a_carried_answer_is_the_one_a_typed_rating_rates_and_the_input_is_kept():
    before = Conversation(last_faq_id="dang_ky_tam_tru")
    reply = compose_reply(ANSWER, before, held_answers=HELD_ANSWERS)
    assert reply.conversation.last_answer_id == 12
    assert reply.conversation.last_faq_id == "dang_ky_tam_tru"
    assert before.last_answer_id is None


def test_asking_for_more_news_gets_the_next_page_only():
    reply = compose_reply(NextNewsPage(), Conversation(), NEWS)
    assert len(reply.messages) == 1
    assert texts(reply)[0].startswith("📢 Các tin tiếp theo:")
    assert reply.facts == TurnFacts("digest_more", 0.0)
    assert reply.released_news == (7, 5)


def test_asking_for_more_news_when_none_is_left_says_so():
    reply = compose_reply(NextNewsPage(), Conversation(), HeldNewsPage())
    assert texts(reply) == [NOTHING_MORE]
    assert reply.released_news == ()


def test_an_assistant_failure_gets_an_apology_and_still_carries_held_items():
    reply = compose_reply(AssistantFailed("RuntimeError"), Conversation(), NEWS, HELD_ANSWERS[:1])
    assert texts(reply)[0] == replies.INTERNAL_ERROR
    assert reply.facts == TurnFacts("error", error="RuntimeError")
    assert reply.forwarded is None
    assert (reply.released_answers, reply.released_news) == ((11,), (7, 5))
