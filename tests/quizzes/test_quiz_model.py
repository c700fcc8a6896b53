"""The quiz with the real model: start, answer, interrupt with a legal question (the
model answers it), resume after stopping, finish."""

import pytest

from bot.conversation import Conversation
from tests.quizzes.chat_support import QuizWorld

pytestmark = pytest.mark.model


def test_a_quiz_with_the_real_model_start_answer_interrupt_resume_finish(
    real_assistant_factory, tmp_path
):
    world = QuizWorld(tmp_path)
    assistant = real_assistant_factory(quizzes=world.chat)
    conversation = Conversation()

    def say(text: str):
        return assistant.handle(world.message("u1", "simulator", "", text=text), conversation)

    assert "Câu 1/3" in say("thi tìm hiểu pháp luật").text
    assert "Chính xác" in say("b").text
    interrupted = say("Đăng ký tạm trú ở đâu?")
    assert interrupted.faq_id == "dang_ky_tam_tru"
    assert "Câu 2/3" in interrupted.messages[-1].text
    assert "tạm dừng" in say("dừng").text.lower()
    assert say("xin chào").intent == "greet"
    assert "Câu 2/3" in say("thi tim hieu phap luat").text
    assert "Chính xác" in say("đúng").text
    finished = say("a")
    assert "đúng 3/3 câu" in finished.text
    assert world.attempt().score == 3
