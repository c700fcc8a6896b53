"""What the quiz benchmark's participants take and send, as pure builders: the quiz (an
open contest for everyone), the buttons Messenger shows for each question, and each
participant's webhooks: the start, then one answer per question.

The buttons come from ``quizzes.prompts.question_message`` with Messenger's limits, so a
tapped answer carries exactly the title and payload (``QUIZ:a.<question id>.<option>``)
the server sends. Half the participants type the start phrase instead of tapping the
quiz button (the menu's and the invitation's); a quarter type their answers as a
letter, as ``quizzes.rules.parse_answer`` reads them.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from bench.webhook_load import messenger_body
from bot.payloads import QUIZ_START
from bot.replies import MENU_QUIZ
from channels.facebook import CHANNEL
from channels.registry import PLATFORMS
from quizzes.model import LETTERS, Mode, Question, Quiz
from quizzes.prompts import question_message

START = "start"
ANSWER = "answer"
RESENT = "resent"
TYPED_START = "Thi tìm hiểu pháp luật"
# Short options fit Messenger's buttons whole; the long ones go in the text with "A"–"C".
QUESTION_POOL = (
    Question(
        text="Công dân Việt Nam từ đủ bao nhiêu tuổi phải làm thủ tục cấp thẻ căn cước?",
        options=("6 tuổi", "14 tuổi", "16 tuổi", "18 tuổi"),
        correct=1,
        explanation="Công dân Việt Nam từ đủ 14 tuổi phải làm thủ tục cấp thẻ căn cước.",
        legal_basis="Điều 19 Luật Căn cước 2023",
    ),
    Question(
        text="Đến ở một nơi từ bao nhiêu ngày trở lên thì phải đăng ký tạm trú?",
        options=("15 ngày", "30 ngày", "60 ngày", "Không cần"),
        correct=1,
        explanation="Phải đăng ký tạm trú khi đến ở từ 30 ngày trở lên.",
        legal_basis="Điều 27 Luật Cư trú 2020",
    ),
    Question(
        text="Nữ được kết hôn từ bao nhiêu tuổi?",
        options=("Đủ 16 tuổi", "Đủ 17 tuổi", "Đủ 18 tuổi", "Đủ 20 tuổi"),
        correct=2,
        explanation="Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi trở lên được kết hôn.",
        legal_basis="Điều 8 Luật Hôn nhân và gia đình 2014",
    ),
    Question(
        text="Ai có quyền yêu cầu Tòa án giải quyết việc ly hôn?",
        options=("Vợ, chồng hoặc cả hai người", "Chỉ người chồng", "Chỉ Ủy ban nhân dân xã"),
        correct=0,
        explanation="Vợ, chồng hoặc cả hai người có quyền yêu cầu Tòa án giải quyết việc ly hôn.",
        legal_basis="Điều 51 Luật Hôn nhân và gia đình 2014",
    ),
)


def bench_quiz(questions: int, now: dt.datetime, author: str) -> Quiz:
    """A draft contest open to everyone from an hour ago to tomorrow, with ``questions``
    questions taken in turn from the pool: no tie-break and no prizes, so an attempt
    is finished by its last answer."""
    return Quiz(
        title="Tìm hiểu pháp luật (thử tải)",
        rules="Mỗi người thi một lần.",
        mode=Mode.CONTEST,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=1),
        author=author,
        questions=tuple(QUESTION_POOL[n % len(QUESTION_POOL)] for n in range(questions)),
    )


@dataclass(frozen=True)
class QuestionPlan:
    """One approved question as a participant sees it on Messenger."""

    question_id: int
    correct: int
    buttons: tuple[tuple[str, str], ...]  # (title, payload), in option order


def quiz_plan(quiz: Quiz) -> list[QuestionPlan]:
    """The approved quiz's questions with the buttons the chat sends on Messenger."""
    limits = PLATFORMS[CHANNEL].limits
    total = len(quiz.questions)
    plan = []
    for number, question in enumerate(quiz.questions, start=1):
        if question.id is None or quiz.id is None:
            raise ValueError("the quiz must be stored: buttons name its question ids")
        asked = question_message(quiz.id, question, number, total, limits)
        buttons = tuple((reply.title, reply.payload) for reply in asked.quick_replies)
        plan.append(QuestionPlan(question.id, question.correct, buttons))
    return plan


def plan_from_json(items: list[dict]) -> list[QuestionPlan]:
    return [
        QuestionPlan(item["question_id"], item["correct"], tuple(map(tuple, item["buttons"])))
        for item in items
    ]


def sender_id(label: str, participant: int) -> str:
    return f"{label}-{participant}"


def types_start(participant: int) -> bool:
    return participant % 2 == 1


def types_answers(participant: int) -> bool:
    return participant % 4 == 3


def chosen_option(participant: int, position: int, question: QuestionPlan) -> int:
    """Right seven times in ten, drawn afresh for each answer (the same on every run),
    so scores spread and the ranking has ties to break; a wrong choice is never right."""
    draw = random.Random(participant * 1009 + position)
    if draw.random() < 0.7:
        return question.correct
    wrong = [n for n in range(len(question.buttons)) if n != question.correct]
    return draw.choice(wrong)


def expected_score(participant: int, plan: list[QuestionPlan]) -> int:
    return sum(
        chosen_option(participant, position, question) == question.correct
        for position, question in enumerate(plan)
    )


def is_resent(participant: int, position: int, questions: int, resend_every: int) -> bool:
    """Whether this answer is posted a second time (every ``resend_every``-th; 0: none)."""
    return resend_every > 0 and (participant * questions + position) % resend_every == 0


@dataclass(frozen=True)
class Post:
    kind: str  # START or ANSWER
    body: dict  # the Messenger webhook body
    resend: bool = False


def participant_posts(
    label: str, participant: int, plan: list[QuestionPlan], now_ms: int, resend_every: int = 0
) -> list[Post]:
    """The participant's webhooks in order, a millisecond apart: the start, then each
    answer, every one with its own message id (what the quiz counts an answer once by)."""
    sender = sender_id(label, participant)
    if types_start(participant):
        start = messenger_body(sender, f"m_{sender}_0", TYPED_START, now_ms)
    else:
        start = messenger_body(sender, f"m_{sender}_0", MENU_QUIZ, now_ms, QUIZ_START)
    posts = [Post(START, start)]
    for position, question in enumerate(plan):
        choice = chosen_option(participant, position, question)
        mid, sent_ms = f"m_{sender}_{position + 1}", now_ms + position + 1
        if types_answers(participant):
            body = messenger_body(sender, mid, LETTERS[choice].lower(), sent_ms)
        else:
            title, payload = question.buttons[choice]
            body = messenger_body(sender, mid, title, sent_ms, payload)
        resend = is_resent(participant, position, len(plan), resend_every)
        posts.append(Post(ANSWER, body, resend))
    return posts
