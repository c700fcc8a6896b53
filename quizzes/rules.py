"""The quiz's rules as pure functions: when it is open, who may take part, when answers
may be revealed, how a typed answer is read, and how results are ranked.

Enforced in the store and the chat flow alike, so neither a form nor a retried webhook
can bypass them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.global_commands import folded
from kernel.identity import Officer, Role
from kernel.rules import RuleViolation
from quizzes.model import (
    LETTERS,
    MAX_OPTIONS,
    MIN_OPTIONS,
    Mode,
    Question,
    QuestionKind,
    Quiz,
    QuizStatus,
    Result,
)

TITLE_LIMIT = 200
QUESTION_LIMIT = 500
# What starts (or resumes) the quiz when typed, folded: no diacritics, lower case.
START_PHRASES = frozenset(
    {
        "thi tim hieu phap luat",
        "cuoc thi tim hieu phap luat",
        "thi phap luat",
        "du thi",
        "tham gia thi",
        "tiep tuc thi",
        "ket qua thi",
    }
)
# Always leave (pause) the quiz. A bare "dung" is "dừng" on a multiple-choice question
# but "đúng" on a true/false one, where leaving takes a longer word ("dừng lại").
STOP_PHRASES = frozenset({"dung lai", "dung thi", "thoat", "thoat thi", "nghi thi", "tam dung"})
BARE_STOP = "dung"
_ANSWER_PREFIX = re.compile(r"^(?:dap an|chon|cau|phuong an|y)\s+")
_TRUE = frozenset({"dung", "d", "true", "co", "phai", "chinh xac"})
_FALSE = frozenset({"sai", "s", "false", "khong", "khong dung"})


class Invalid:
    """A typed answer of the right shape naming no option (e.g. "E" of four)."""


INVALID = Invalid()


def problems_of(quiz: Quiz) -> list[str]:
    """Every reason the quiz cannot be approved as written (empty when it can)."""
    problems = []
    if not quiz.title.strip():
        problems.append("Thiếu tên cuộc thi.")
    elif len(quiz.title) > TITLE_LIMIT:
        problems.append(f"Tên cuộc thi dài quá {TITLE_LIMIT} ký tự.")
    if quiz.ends_at <= quiz.starts_at:
        problems.append("Giờ kết thúc phải sau giờ bắt đầu.")
    if quiz.time_limit_minutes is not None and quiz.time_limit_minutes <= 0:
        problems.append("Thời gian làm bài phải lớn hơn 0 phút.")
    if quiz.target_communes is not None and not quiz.target_communes:
        problems.append("Chọn ít nhất một xã, phường, hoặc để trống cho toàn tỉnh.")
    if not quiz.questions:
        problems.append("Cuộc thi chưa có câu hỏi.")
    for number, question in enumerate(quiz.questions, start=1):
        problems.extend(f"Câu {number}: {problem}" for problem in question_problems(question))
    return problems


def question_problems(question: Question) -> list[str]:
    problems = []
    if not question.text.strip():
        problems.append("thiếu nội dung câu hỏi.")
    elif len(question.text) > QUESTION_LIMIT:
        problems.append(f"câu hỏi dài quá {QUESTION_LIMIT} ký tự.")
    if not MIN_OPTIONS <= len(question.options) <= MAX_OPTIONS:
        problems.append(f"cần từ {MIN_OPTIONS} đến {MAX_OPTIONS} phương án.")
    if any(not option.strip() for option in question.options):
        problems.append("có phương án để trống.")
    if not 0 <= question.correct < len(question.options):
        problems.append("chưa chọn đáp án đúng.")
    if not question.explanation.strip():
        problems.append("thiếu giải thích.")
    if not question.legal_basis.strip():
        problems.append("thiếu căn cứ pháp lý.")
    return problems


def authorise_author(quiz: Quiz, officer: Officer) -> None:
    """Raises unless ``officer`` may prepare a quiz for these participants."""
    if officer.role is Role.LEGAL_REVIEWER:
        raise RuleViolation("Cán bộ rà soát pháp lý không tổ chức cuộc thi.")
    if not officer.may_target(quiz.target_communes):
        raise RuleViolation("Cán bộ xã chỉ tổ chức cuộc thi cho xã, phường của mình.")


def authorise_approval(quiz: Quiz, officer: Officer, now: dt.datetime) -> None:
    """A second officer approves a complete draft that has not ended; raises otherwise."""
    if quiz.status is not QuizStatus.DRAFT:
        raise RuleViolation("Chỉ duyệt được cuộc thi ở trạng thái nháp.")
    if officer.username == quiz.author:
        raise RuleViolation("Người soạn cuộc thi không được tự duyệt.")
    authorise_author(quiz, officer)
    problems = problems_of(quiz)
    if quiz.ends_at <= now:
        problems.append("Cuộc thi đã qua giờ kết thúc.")
    if problems:
        raise RuleViolation(" ".join(problems))


FROZEN = "Cuộc thi đã duyệt hoặc đã hủy: câu hỏi và thể lệ không sửa được nữa."


def may_edit(quiz: Quiz) -> bool:
    """Questions are frozen from approval: nobody may change a quiz people may be taking."""
    return quiz.status is QuizStatus.DRAFT


def is_open(quiz: Quiz, now: dt.datetime) -> bool:
    return quiz.status is QuizStatus.APPROVED and quiz.starts_at <= now < quiz.ends_at


def has_ended(quiz: Quiz, now: dt.datetime) -> bool:
    return quiz.status is QuizStatus.APPROVED and now >= quiz.ends_at


def may_reveal(quiz: Quiz, now: dt.datetime) -> bool:
    """Whether answers and explanations may be shown: at once in practice, never before
    the end in a contest (to anyone, officers' pages included)."""
    return quiz.mode is Mode.PRACTICE or now >= quiz.ends_at


def eligible(quiz: Quiz, commune_code: str | None, audiences: Iterable[str]) -> bool:
    """Whether a follower with this subscription may take part."""
    if quiz.target_communes is not None and commune_code not in quiz.target_communes:
        return False
    return quiz.audiences is None or bool(quiz.audiences & set(audiences))


def deadline(quiz: Quiz, started_at: float) -> float | None:
    """Epoch seconds after which answers no longer count: the time limit or the end."""
    end = quiz.ends_at.timestamp()
    if quiz.time_limit_minutes is None:
        return end
    return min(end, started_at + quiz.time_limit_minutes * 60)


def out_of_time(quiz: Quiz, started_at: float, now: float) -> bool:
    limit = deadline(quiz, started_at)
    return limit is not None and now >= limit


def is_start_request(text: str) -> bool:
    return folded(text) in START_PHRASES


def is_stop_request(text: str, question: Question | None) -> bool:
    words = folded(text)
    if words in STOP_PHRASES or text.strip().lower() in {"dừng", "dừng lại"}:
        return True
    return words == BARE_STOP and (question is None or question.kind is QuestionKind.CHOICE)


def parse_answer(text: str, question: Question) -> int | Invalid | None:
    """The option a typed answer names (index), INVALID for a letter or number naming
    none, None when the text is not an answer at all (a question, a greeting)."""
    words = _ANSWER_PREFIX.sub("", folded(text))
    words = words.rstrip(".)")
    if question.kind is QuestionKind.TRUE_FALSE:
        if text.strip().lower() in {"đúng", "dung"} or words in _TRUE:
            return 0
        if words in _FALSE:
            return 1
    if len(words) == 1 and words.isalpha():
        index = ord(words) - ord("a")
        return index if 0 <= index < len(question.options) else INVALID
    if words.isdigit() and len(words) <= 2:
        index = int(words) - 1
        return index if 0 <= index < len(question.options) else INVALID
    for index, option in enumerate(question.options):
        if words == folded(option):
            return index
    return None


@dataclass(frozen=True)
class FittedChoices:
    """A question's options for one channel: lines for the message text (empty when the
    buttons carry the options themselves) and the button titles, in option order."""

    lines: tuple[str, ...]
    titles: tuple[str, ...]


def fit_choices(
    question: Question, max_buttons: int | None, title_limit: int | None
) -> FittedChoices:
    """Full options on the buttons when they fit the channel; otherwise the options in
    the text and short buttons ("A", "B"…, or "Đúng"/"Sai")."""
    if question.kind is QuestionKind.TRUE_FALSE:
        return FittedChoices((), tuple(question.options))
    labelled = tuple(f"{LETTERS[i]}. {option}" for i, option in enumerate(question.options))
    fits = (max_buttons is None or len(labelled) <= max_buttons) and (
        title_limit is None or all(len(title) <= title_limit for title in labelled)
    )
    if fits:
        return FittedChoices((), labelled)
    return FittedChoices(labelled, tuple(LETTERS[: len(question.options)]))


def normalize_phone(typed: str) -> str | None:
    """A Vietnamese mobile number as 0xxxxxxxxx (from +84, 84 or 0, spaces and dots
    allowed), or None: the same person on two platforms is matched by it."""
    digits = re.sub(r"[\s.\-()]", "", typed.strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if re.fullmatch(r"0[35789]\d{8}", digits) else None


@dataclass(frozen=True)
class Ranked:
    place: int
    result: Result
    guess_distance: int | None


def rank(results: Iterable[Result], participants: int) -> list[Ranked]:
    """Score first, then the guess closest to the number of participants (no guess
    last), then the earliest finish. The same phone number counts once: its earliest
    finished attempt (another platform's later attempt is left out)."""
    counted: list[Result] = []
    seen_phones: set[str] = set()
    for result in sorted(results, key=lambda r: (r.finished_at, r.attempt_id)):
        if result.phone:
            if result.phone in seen_phones:
                continue
            seen_phones.add(result.phone)
        counted.append(result)

    def distance(result: Result) -> int | None:
        return None if result.guess is None else abs(result.guess - participants)

    def key(result: Result) -> tuple:
        gap = distance(result)
        return (-result.score, gap is None, gap or 0, result.finished_at, result.attempt_id)

    return [
        Ranked(place, result, distance(result))
        for place, result in enumerate(sorted(counted, key=key), start=1)
    ]


def winners_by_commune(ranking: list[Ranked], per_commune: int) -> dict[str | None, list[Ranked]]:
    """The best ``per_commune`` of each commune, in ranking order."""
    winners: dict[str | None, list[Ranked]] = {}
    for ranked in ranking:
        chosen = winners.setdefault(ranked.result.commune_code, [])
        if len(chosen) < per_commune:
            chosen.append(ranked)
    return winners
