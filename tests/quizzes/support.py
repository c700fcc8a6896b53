"""Quizzes and questions for the tests (plain code, no fixtures)."""

from __future__ import annotations

import datetime as dt

from quizzes.model import TRUE_FALSE_OPTIONS, Mode, Question, QuestionKind, Quiz

START = dt.datetime(2026, 11, 1, 1, 0, tzinfo=dt.timezone.utc)
END = dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.timezone.utc)


def choice_question(text: str = "Tạm trú phải đăng ký sau bao lâu?", correct: int = 1) -> Question:
    return Question(
        text=text,
        options=("15 ngày", "30 ngày", "60 ngày", "Không cần"),
        correct=correct,
        explanation="Phải đăng ký tạm trú khi đến ở từ 30 ngày trở lên.",
        legal_basis="Điều 27 Luật Cư trú 2020",
    )


def long_question() -> Question:
    return Question(
        text="Người không đăng ký tạm trú có thể bị xử phạt thế nào?",
        options=(
            "Cảnh cáo hoặc phạt tiền từ 500.000 đến 1.000.000 đồng",
            "Phạt tù",
            "Không bị xử phạt",
        ),
        correct=0,
        explanation="Không đăng ký tạm trú bị cảnh cáo hoặc phạt tiền.",
        legal_basis="Điều 9 Nghị định 144/2021/NĐ-CP",
    )


def true_false_question() -> Question:
    return Question(
        text="Công dân từ đủ 14 tuổi phải làm thẻ căn cước.",
        options=TRUE_FALSE_OPTIONS,
        correct=0,
        explanation="Công dân Việt Nam từ đủ 14 tuổi phải làm thủ tục cấp thẻ căn cước.",
        legal_basis="Điều 19 Luật Căn cước 2023",
        kind=QuestionKind.TRUE_FALSE,
    )


def quiz(**changes) -> Quiz:
    values = {
        "title": "Tìm hiểu Luật Cư trú",
        "rules": "Mỗi người thi một lần.",
        "mode": Mode.PRACTICE,
        "starts_at": START,
        "ends_at": END,
        "author": "truyenthong",
        "questions": (choice_question(), true_false_question(), long_question()),
    }
    values.update(changes)
    return Quiz(**values)
