"""Browsing the knowledge base: the menu of popular fields, every field, and a field's
questions page by page. Pure: the knowledge base in, a turn out."""

from __future__ import annotations

from bot import menus, payloads, replies
from bot.knowledge_base import KnowledgeBase
from bot.messages import QuickReply
from bot.turn import Turn, reply_turn


def menu_turn(knowledge_base: KnowledgeBase, text: str, intent: str) -> Turn:
    """A reply that ends on the popular fields, so the citizen always has a next step."""
    return reply_turn(text, intent, menus.popular_field_replies(knowledge_base))


def greeting(knowledge_base: KnowledgeBase) -> Turn:
    return menu_turn(knowledge_base, replies.GREETING, intent="greet")


def all_fields(knowledge_base: KnowledgeBase) -> Turn:
    return reply_turn(replies.HELP, "menu", menus.all_field_replies(knowledge_base))


def field_page(knowledge_base: KnowledgeBase, argument: str) -> Turn:
    """One page of a field's questions, with "more" while pages remain; the argument is
    the payload's ``field[:page]``."""
    field_code, page = payloads.field_and_page(argument)
    faqs, more = menus.field_page(knowledge_base, field_code, page)
    if not faqs:
        return menu_turn(knowledge_base, replies.UNKNOWN_CHOICE, intent="unknown_choice")
    label = knowledge_base.field_label(field_code)
    text = f"{replies.FIELD_LIST.format(field=label)}\n{menus.numbered_questions(faqs)}"
    next_page = (
        (QuickReply(replies.QUICK_REPLY_MORE, payloads.field_payload(field_code, page + 1)),)
        if more
        else ()
    )
    return reply_turn(text, "field", (*menus.faq_replies(faqs), *next_page, menus.HUMAN_REPLY))
