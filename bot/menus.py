"""Pure builders for the menus and choice lists the assistant shows."""

from __future__ import annotations

from bot import payloads, replies
from bot.knowledge_base import Faq, KnowledgeBase
from bot.messages import QuickReply

# The fields citizens ask about most, shown first on the greeting and help menus.
POPULAR_FIELDS = (
    "ho_tich",
    "cu_tru_can_cuoc",
    "dat_dai",
    "giao_thong",
    "lao_dong_bao_hiem",
    "gia_dinh_tre_em",
)
MAX_FIELD_FAQS = 10

HUMAN_REPLY = QuickReply(replies.QUICK_REPLY_HUMAN, payloads.HUMAN)


def popular_field_replies(knowledge_base: KnowledgeBase) -> tuple[QuickReply, ...]:
    known = {field.code: field for field in knowledge_base.fields}
    shown = [known[code] for code in POPULAR_FIELDS if code in known]
    return (
        *(QuickReply(field.short_label, payloads.field_payload(field.code)) for field in shown),
        QuickReply(replies.QUICK_REPLY_MENU, payloads.ALL_FIELDS),
        HUMAN_REPLY,
    )


def all_field_replies(knowledge_base: KnowledgeBase) -> tuple[QuickReply, ...]:
    return (
        *(
            QuickReply(field.short_label, payloads.field_payload(field.code))
            for field in knowledge_base.fields
        ),
        HUMAN_REPLY,
    )


def faq_replies(faqs: list[Faq]) -> tuple[QuickReply, ...]:
    return tuple(QuickReply(faq.title, payloads.faq_payload(faq.id)) for faq in faqs)


def numbered_questions(faqs: list[Faq]) -> str:
    """The full questions, numbered, for platforms that shorten or hide button titles."""
    return "\n".join(f"{number}. {faq.question}" for number, faq in enumerate(faqs, start=1))


def field_page(knowledge_base: KnowledgeBase, field_code: str, page: int) -> tuple[list[Faq], bool]:
    """One page of a field's entries (``MAX_FIELD_FAQS`` a page, so the choices fit the
    platforms' 13 quick replies), and whether another page follows."""
    faqs = [faq for faq in knowledge_base.faqs if faq.field == field_code]
    start = max(page, 0) * MAX_FIELD_FAQS
    return faqs[start : start + MAX_FIELD_FAQS], len(faqs) > start + MAX_FIELD_FAQS


def feedback_replies(faq_id: str) -> tuple[QuickReply, ...]:
    return (
        QuickReply(replies.FEEDBACK_HELPFUL, payloads.feedback_payload(True, faq_id)),
        QuickReply(replies.FEEDBACK_NOT_HELPFUL, payloads.feedback_payload(False, faq_id)),
        HUMAN_REPLY,
    )


def answer_feedback_replies(question_id: int) -> tuple[QuickReply, ...]:
    """Rating an official's answer, reported apart from the knowledge base's answers."""
    return (
        QuickReply(replies.FEEDBACK_HELPFUL, payloads.answer_feedback_payload(True, question_id)),
        QuickReply(
            replies.FEEDBACK_NOT_HELPFUL, payloads.answer_feedback_payload(False, question_id)
        ),
    )


def persistent_menu(knowledge_base: KnowledgeBase) -> tuple[QuickReply, ...]:
    """The platforms' always-visible menu: popular fields, the legal quiz, subscribing,
    an official."""
    return (
        *popular_field_replies(knowledge_base)[:-1],
        QuickReply(replies.MENU_QUIZ, payloads.QUIZ_START),
        QuickReply(replies.MENU_SUBSCRIBE, payloads.SUBSCRIBE),
        HUMAN_REPLY,
    )
