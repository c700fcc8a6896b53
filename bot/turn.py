"""What the assistant makes of one message: the replies to send and the facts behind them.

A turn is plain data. When the citizen's question must go to an official the turn says
so (``forwarded_question``); the server stores it with the replies, so the dialogue
never writes anywhere itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.messages import OutgoingMessage, QuickReply


@dataclass(frozen=True)
class Feedback:
    """A rating of the FAQ answer ``faq_id`` or of the official's answer to the forwarded
    question ``question_id``; reported apart, and together against the 90 % target."""

    helpful: bool
    faq_id: str | None
    question_id: int | None = None


@dataclass(frozen=True)
class ForwardedQuestion:
    """A question handed to the officials; the entries the model found likely set its
    legal field, so the officials of that field see it first."""

    question: str
    likely_faq_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Turn:
    """The replies to one message, plus what happened, for logs, statistics and the CLI."""

    messages: tuple[OutgoingMessage, ...]
    intent: str | None = None
    confidence: float = 0.0
    faq_id: str | None = None
    fallback: bool = False
    feedback: Feedback | None = None
    forwarded_question: ForwardedQuestion | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(message.text for message in self.messages)


def reply_turn(text: str, intent: str, quick_replies: tuple[QuickReply, ...] = ()) -> Turn:
    """One message the assistant is sure of (a command, a menu, a step of a dialogue)."""
    return Turn(messages=(OutgoingMessage(text, quick_replies),), intent=intent, confidence=1.0)
