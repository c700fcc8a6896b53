"""Pure builders of what the quiz says in the chat, fitted to the channel's limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.messages import OutgoingMessage, QuickReply
from bot.payloads import QUIZ, Payload
from broadcasts.routing import VIETNAM
from channels.contract import Limits
from quizzes.attempts import Answer
from quizzes.model import LETTERS, Mode, Question, Quiz
from quizzes.rules import fit_choices

PAUSE_HINT = "Gõ “dừng” để tạm dừng; gõ “thi tìm hiểu pháp luật” để làm tiếp lúc khác."
NO_QUIZ = "Hiện chưa có cuộc thi tìm hiểu pháp luật nào đang mở. Khi có, chúng tôi sẽ mời bạn."
NOT_INVITED = (
    "Cuộc thi đang mở dành cho người dân một số xã, phường và nhóm đối tượng. Bạn hãy đăng ký "
    "nhận tin, chọn xã, phường của mình để được tham gia."
)
PAUSED = "Đã tạm dừng cuộc thi. Khi muốn làm tiếp, bạn gõ “thi tìm hiểu pháp luật”."
INVALID_CHOICE = "Phương án này không có. Bạn chọn một trong các phương án của câu hỏi."
ALREADY_ANSWERED = "Câu này bạn đã trả lời rồi; mỗi câu chỉ tính một lần."
RECORDED = "Đã ghi nhận câu trả lời."
RIGHT = "✅ Chính xác!"
WRONG = "❌ Chưa đúng. Đáp án đúng: {answer}."
OUT_OF_TIME = "⏰ Đã hết thời gian làm bài; các câu trả lời sau lúc này không được tính."
TIE_BREAK = "Câu hỏi phụ: theo bạn, có bao nhiêu người tham gia cuộc thi này? (Gõ một con số.)"
TIE_BREAK_NUMBER = "Bạn gõ một con số, ví dụ 1500."
CONSENT = (
    "Thể lệ giải thưởng: {rules}\n\nNếu bạn đồng ý thể lệ và muốn nhận giải, bạn cho biết họ "
    "tên và số điện thoại để ban tổ chức liên hệ. Nếu không, thông tin của bạn không được thu thập."
)
CONSENT_YES = "Đồng ý, nhận giải"
CONSENT_NO = "Không nhận giải"
ASK_NAME = "Bạn cho biết họ và tên (để trao giải):"
ASK_PHONE = "Bạn cho biết số điện thoại (ví dụ 0912345678):"
BAD_PHONE = "Số điện thoại chưa đúng. Bạn gõ số di động 10 chữ số, ví dụ 0912345678."
CONTACT_SAVED = "Cảm ơn bạn, ban tổ chức đã lưu thông tin để liên hệ khi trao giải."
PRIZE_DECLINED = "Bạn đã chọn không nhận giải; thông tin cá nhân của bạn không được lưu."
ASK_RATING = "Cuộc thi có hữu ích với bạn không?"
RATED = "Cảm ơn bạn đã đánh giá! Bạn có thể gõ câu hỏi pháp luật bất cứ lúc nào."
RATING_YES = "Hữu ích"
RATING_NO = "Chưa hữu ích"
RESUME = "Tiếp tục cuộc thi:"


def local(moment: dt.datetime) -> str:
    return f"{moment.astimezone(VIETNAM):%H:%M ngày %d/%m/%Y}"


def answer_label(question: Question) -> str:
    option = question.options[question.correct]
    if len(question.options) == 2 and option in ("Đúng", "Sai"):
        return option
    return f"{LETTERS[question.correct]}. {option}"


def introduction(quiz: Quiz, resumed: bool) -> str:
    if resumed:
        return f"Tiếp tục cuộc thi “{quiz.title}”."
    lines = [f"📝 Cuộc thi “{quiz.title}”", f"Gồm {len(quiz.questions)} câu hỏi."]
    if quiz.rules:
        lines.append(quiz.rules)
    if quiz.time_limit_minutes:
        lines.append(f"Thời gian làm bài: {quiz.time_limit_minutes} phút kể từ bây giờ.")
    lines.append(f"Cuộc thi kết thúc lúc {local(quiz.ends_at)}.")
    if quiz.mode is Mode.CONTEST:
        lines.append("Đáp án và kết quả được công bố sau khi cuộc thi kết thúc.")
    lines.append(PAUSE_HINT)
    return "\n".join(lines)


def question_message(
    quiz_id: int, question: Question, number: int, total: int, limits: Limits, intro: str = ""
) -> OutgoingMessage:
    """One question with its options as buttons (or in the text, with short buttons,
    where the channel's buttons are too few or too short)."""
    fitted = fit_choices(question, limits.quick_replies, limits.quick_reply_title)
    lines = [intro] if intro else []
    lines.append(f"Câu {number}/{total}: {question.text}")
    lines.extend(fitted.lines)
    buttons = tuple(
        QuickReply(title, Payload(QUIZ, f"a.{question.id}.{index}").encode())
        for index, title in enumerate(fitted.titles)
    )
    return OutgoingMessage("\n".join(lines), buttons)


def answer_feedback(question: Question, choice: int, mode: Mode) -> str:
    if mode is Mode.CONTEST:
        return RECORDED
    verdict = RIGHT if choice == question.correct else WRONG.format(answer=answer_label(question))
    return f"{verdict}\n{question.explanation}\nCăn cứ: {question.legal_basis}"


def explanations(questions: Sequence[Question], answers: Sequence[Answer]) -> str:
    chosen = {answer.question_id: answer for answer in answers}
    lines = []
    for number, question in enumerate(questions, start=1):
        answer = chosen.get(question.id)
        mark = "✅" if answer and answer.correct else "❌"
        lines.append(
            f"{mark} Câu {number}: đáp án {answer_label(question)}. {question.explanation} "
            f"(Căn cứ: {question.legal_basis})"
        )
    return "\n".join(lines)


def result_message(quiz: Quiz, score: int, answers: Sequence[Answer], revealed: bool) -> str:
    if not revealed:
        return (
            f"🎉 Bạn đã hoàn thành cuộc thi “{quiz.title}”. Đáp án và kết quả được công bố sau "
            f"khi cuộc thi kết thúc lúc {local(quiz.ends_at)}; khi đó bạn gõ “kết quả thi” để xem."
        )
    return (
        f"🎉 Kết quả cuộc thi “{quiz.title}”: bạn trả lời đúng {score}/{len(quiz.questions)} "
        f"câu.\n\nĐáp án và giải thích:\n{explanations(quiz.questions, answers)}"
    )


def consent_message(quiz: Quiz) -> OutgoingMessage:
    return OutgoingMessage(
        CONSENT.format(rules=quiz.prize_rules),
        (
            QuickReply(CONSENT_YES, Payload(QUIZ, "consent.1").encode()),
            QuickReply(CONSENT_NO, Payload(QUIZ, "consent.0").encode()),
        ),
    )


def rating_message(text: str = ASK_RATING) -> OutgoingMessage:
    return OutgoingMessage(
        text,
        (
            QuickReply(RATING_YES, Payload(QUIZ, "rate.1").encode()),
            QuickReply(RATING_NO, Payload(QUIZ, "rate.0").encode()),
        ),
    )
