"""Ratings: a tap on "hữu ích" / "chưa đúng" under an answer, or the same typed as text.

A rating concerns either an FAQ answer or an official's answer to a forwarded question;
the conversation remembers which the citizen read last, so a typed rating lands right.
"""

from __future__ import annotations

from bot import menus, payloads, replies
from bot.conversation import Conversation
from bot.messages import OutgoingMessage, QuickReply
from bot.turn import Feedback, Turn, reply_turn


def typed_feedback(helpful: bool, conversation: Conversation) -> Turn:
    """ "hữu ích" / "sai rồi" typed: rates the answer read last, FAQ or official's."""
    if conversation.last_answer_id is not None:
        return answer_feedback(helpful, str(conversation.last_answer_id), conversation)
    return faq_feedback(helpful, conversation.last_faq_id, conversation)


def answer_feedback(helpful: bool, argument: str | None, conversation: Conversation) -> Turn:
    """A rating of an official's answer; the argument is the forwarded question's id."""
    intent = _intent(helpful)
    if not (argument and argument.isdigit() and len(argument) < 19):
        return reply_turn(replies.FEEDBACK_WITHOUT_ANSWER, intent)
    conversation.last_answer_id = None
    feedback = Feedback(helpful, None, int(argument))
    if helpful:
        text, quick_replies = replies.FEEDBACK_THANKS, ()
    else:
        text, quick_replies = replies.ANSWER_FEEDBACK_SORRY, (menus.HUMAN_REPLY,)
    return Turn(
        messages=(OutgoingMessage(text, quick_replies),),
        intent=intent,
        confidence=1.0,
        feedback=feedback,
    )


def faq_feedback(helpful: bool, faq_id: str | None, conversation: Conversation) -> Turn:
    """A rating of an FAQ answer; an unhelpful one offers to forward the question asked."""
    intent = _intent(helpful)
    if faq_id is None:
        return reply_turn(replies.FEEDBACK_WITHOUT_ANSWER, intent)
    feedback = Feedback(helpful, faq_id)
    if helpful:
        return Turn(
            messages=(OutgoingMessage(replies.FEEDBACK_THANKS),),
            intent=intent,
            confidence=1.0,
            feedback=feedback,
        )
    conversation.last_unanswered = conversation.last_question
    conversation.last_suggestions = [faq_id]
    quick_replies = (
        menus.HUMAN_REPLY,
        QuickReply(replies.QUICK_REPLY_REPHRASE, payloads.REPHRASE),
    )
    return Turn(
        messages=(OutgoingMessage(replies.FEEDBACK_SORRY, quick_replies),),
        intent=intent,
        confidence=1.0,
        feedback=feedback,
    )


def _intent(helpful: bool) -> str:
    return "feedback_positive" if helpful else "feedback_negative"
