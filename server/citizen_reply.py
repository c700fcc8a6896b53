"""What the citizen receives for one message, decided in one pure function.

The reply starts with the assistant's turn (or an apology when the assistant failed, or
the next page of held news when the citizen asked for it under a digest), then carries
the officials' answers and the news held while the platform window was closed. The
result also lists everything to record with it (the facts, the conversation, the
forwarded question, the held items it releases), so the worker writes it all at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot import replies
from bot.conversation import Conversation
from bot.messages import OutgoingMessage
from bot.turn import Feedback, ForwardedQuestion, Turn
from broadcasts.digest import NOTHING_MORE, HeldItem, digest_message
from handoff.delivery_rules import answer_message

DIGEST_MORE_INTENT = "digest_more"
ERROR_INTENT = "error"


@dataclass(frozen=True)
class AssistantFailed:
    """The assistant raised on this message: the citizen gets an apology, the
    statistics the error's type."""

    error: str


@dataclass(frozen=True)
class NextNewsPage:
    """ "xem thêm" under a digest: the next page of held news, not a question for the
    assistant."""


@dataclass(frozen=True)
class HeldNewsPage:
    """The newest held news for this citizen, and whether more wait after them."""

    items: tuple[HeldItem, ...] = ()
    more: bool = False


@dataclass(frozen=True)
class HeldAnswer:
    """An official's answer to a forwarded question, held while the window was closed."""

    question_id: int
    text: str


@dataclass(frozen=True)
class TurnFacts:
    """What the statistics and reports read about a message once it is answered."""

    intent: str | None
    confidence: float | None = None
    faq_id: str | None = None
    fallback: bool = False
    feedback: Feedback | None = None
    error: str | None = None


@dataclass(frozen=True)
class CitizenReply:
    """The messages to send, in order, and what is recorded in the same transaction."""

    messages: tuple[OutgoingMessage, ...]
    facts: TurnFacts
    conversation: Conversation
    forwarded: ForwardedQuestion | None = None
    released_news: tuple[int, ...] = ()  # delivery ids of the news carried
    released_answers: tuple[int, ...] = ()  # ids of the questions whose answers it carries


def compose_reply(
    turn: Turn | AssistantFailed | NextNewsPage,
    conversation: Conversation,
    held_news: HeldNewsPage = HeldNewsPage(),
    held_answers: Sequence[HeldAnswer] = (),
    text_cut: bool = False,
) -> CitizenReply:
    """The reply to one message. ``conversation`` is the state after the turn; the
    returned one also remembers the last official's answer carried, so a typed "hữu
    ích" rates it. ``text_cut``: the message was longer than stored, the reply says so."""
    messages, facts, forwarded = _opening(turn, held_news)
    if text_cut:
        messages = [OutgoingMessage(replies.TEXT_CUT), *messages]
    messages.extend(answer_message(held.text, held.question_id) for held in held_answers)
    if held_answers:
        conversation = replace(conversation, last_answer_id=held_answers[-1].question_id)
    if held_news.items:
        first_page = not isinstance(turn, NextNewsPage)
        messages.append(digest_message(held_news.items, held_news.more, first_page))
    return CitizenReply(
        messages=tuple(messages),
        facts=facts,
        conversation=conversation,
        forwarded=forwarded,
        released_news=tuple(item.delivery_id for item in held_news.items),
        released_answers=tuple(held.question_id for held in held_answers),
    )


def _opening(
    turn: Turn | AssistantFailed | NextNewsPage, held_news: HeldNewsPage
) -> tuple[list[OutgoingMessage], TurnFacts, ForwardedQuestion | None]:
    if isinstance(turn, NextNewsPage):
        # With news left the page itself is the answer; without, say there is none.
        opening = [] if held_news.items else [OutgoingMessage(NOTHING_MORE)]
        return opening, TurnFacts(DIGEST_MORE_INTENT, confidence=0.0), None
    if isinstance(turn, AssistantFailed):
        facts = TurnFacts(ERROR_INTENT, error=turn.error)
        return [OutgoingMessage(replies.INTERNAL_ERROR)], facts, None
    facts = TurnFacts(
        intent=turn.intent,
        confidence=turn.confidence,
        faq_id=turn.faq_id,
        fallback=turn.fallback,
        feedback=turn.feedback,
    )
    return list(turn.messages), facts, turn.forwarded_question
