"""Pure: the console's quiz and question forms to ``Quiz`` and ``Question`` values.

Input errors (a time that is not a time, a commune not of the province) are reported
here; whether the quiz may open is ``quizzes.rules.problems_of``'s answer, shown beside
it so a draft can be saved and finished later.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from bot.audiences import AUDIENCE_CODES
from bot.knowledge_base import Faq
from console.broadcast_form import FormData, parse_local_time
from quizzes.model import MAX_OPTIONS, TRUE_FALSE_OPTIONS, Mode, Question, QuestionKind, Quiz

TEXT_LIMIT = 2000


@dataclass(frozen=True)
class ParsedQuiz:
    quiz: Quiz | None
    errors: tuple[str, ...]
    foreign_communes: frozenset[str] = frozenset()


def quiz_from_form(
    form: FormData,
    author: str,
    known_communes: Collection[str],
    allowed_communes: frozenset[str] | None,
) -> ParsedQuiz:
    errors: list[str] = []
    starts = parse_local_time(form.get("starts_at", ""))
    ends = parse_local_time(form.get("ends_at", ""))
    if starts is None or ends is None:
        errors.append("Giờ bắt đầu và kết thúc cần chọn đủ ngày và giờ (giờ Việt Nam).")
    communes = frozenset(code for code in form.getlist("communes") if code)
    everyone = (form.get("scope") or ("communes" if communes else "everyone")) == "everyone"
    audiences = frozenset(form.getlist("audiences"))
    if communes - set(known_communes):
        errors.append("Có xã, phường không thuộc tỉnh.")
    if audiences - AUDIENCE_CODES:
        errors.append("Nhóm đối tượng không hợp lệ.")
    foreign = frozenset()
    if allowed_communes is not None:
        foreign = communes - allowed_communes if not everyone else frozenset({"*"})
    limit = form.get("time_limit_minutes", "").strip()
    if limit and not (limit.isdigit() and 0 < int(limit) <= 24 * 60):
        errors.append("Thời gian làm bài ghi số phút, từ 1 đến 1440.")
    mode = form.get("mode", Mode.PRACTICE.value)
    if mode not in {m.value for m in Mode}:
        errors.append("Hình thức thi không hợp lệ.")
    if errors:
        return ParsedQuiz(None, tuple(errors), foreign)
    return ParsedQuiz(
        Quiz(
            title=" ".join(form.get("title", "").split())[:300],
            rules=form.get("rules", "").strip()[:TEXT_LIMIT],
            mode=Mode(mode),
            starts_at=starts,
            ends_at=ends,
            author=author,
            target_communes=None if everyone else communes & set(known_communes),
            audiences=None if everyone or not audiences else audiences,
            time_limit_minutes=int(limit) if limit else None,
            tie_break=form.get("tie_break") == "on",
            prize_rules=form.get("prize_rules", "").strip()[:TEXT_LIMIT]
            if mode == Mode.CONTEST.value
            else "",
        ),
        (),
        foreign,
    )


def question_from_form(form: FormData) -> tuple[Question | None, str | None]:
    """The question, or an error in Vietnamese."""
    kind = form.get("kind", QuestionKind.CHOICE.value)
    if kind == QuestionKind.TRUE_FALSE.value:
        options = TRUE_FALSE_OPTIONS
    elif kind == QuestionKind.CHOICE.value:
        options = tuple(
            text
            for text in (form.get(f"option{i}", "").strip()[:300] for i in range(MAX_OPTIONS))
            if text
        )
    else:
        return None, "Loại câu hỏi không hợp lệ."
    correct = form.get("correct", "")
    if not correct.isdigit() or int(correct) >= len(options):
        return None, "Chọn đáp án đúng trong các phương án đã ghi."
    faq_id = form.get("faq_id", "").strip()[:100] or None
    return (
        Question(
            text=form.get("text", "").strip()[:TEXT_LIMIT],
            options=options,
            correct=int(correct),
            explanation=form.get("explanation", "").strip()[:TEXT_LIMIT],
            legal_basis=" ".join(form.get("legal_basis", "").split())[:500],
            kind=QuestionKind(kind),
            faq_id=faq_id,
        ),
        None,
    )


def question_form_values(question: Question) -> dict:
    """The question's fields as the question form holds them, to edit it: the inverse of
    ``question_from_form`` (a true/false question's options are fixed, not typed)."""
    typed = question.options if question.kind is QuestionKind.CHOICE else ()
    return {
        "text": question.text,
        "kind": question.kind.value,
        **{f"option{i}": typed[i] if i < len(typed) else "" for i in range(MAX_OPTIONS)},
        "correct": str(question.correct),
        "explanation": question.explanation,
        "legal_basis": question.legal_basis,
        "faq_id": question.faq_id or "",
    }


def draft_from_faq(faq: Faq) -> dict:
    """A question's fields prefilled from a knowledge-base entry, for an officer to edit:
    its question, the start of its answer as the explanation, its legal basis."""
    answer = " ".join(faq.answer.split())
    explanation = answer if len(answer) <= 400 else answer[:400].rsplit(" ", 1)[0] + "…"
    basis = "; ".join(
        f"{', '.join(basis.articles)} {basis.document}".strip() for basis in faq.legal_basis
    )
    return {
        "text": faq.question,
        "explanation": explanation,
        "legal_basis": basis,
        "faq_id": faq.id,
    }
