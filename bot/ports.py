"""Small protocols the core needs from higher layers; the composition root passes them in.

``bot`` imports nothing of ours, so when the dialogue must read a model, a review flag
or a subscription, it depends on these shapes and not on the packages that implement them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.interpretation import Interpretation
from bot.legal_currency import Flag
from bot.messages import IncomingMessage, OutgoingMessage


class Parser(Protocol):
    def parse(self, text: str) -> Interpretation: ...


class AnswerCurrency(Protocol):
    """The open flags of a knowledge-base entry (a change to its legal basis, an overdue
    review), changes first; the reply carries a caution while there are any."""

    def flags(self, faq_id: str) -> Sequence[Flag]: ...


@dataclass(frozen=True)
class CommuneOption:
    code: str
    name: str


@dataclass(frozen=True)
class Subscription:
    commune: CommuneOption
    audiences: tuple[str, ...]


class SubscriptionService(Protocol):
    """Where followers' subscriptions live (``broadcasts`` implements it)."""

    def find_communes(self, typed: str) -> list[CommuneOption]:
        """Communes the typed name may mean, best first (several when ambiguous)."""
        ...

    def commune(self, code: str) -> CommuneOption | None: ...

    def example_communes(self) -> tuple[CommuneOption, ...]:
        """A ward and a commune of the configured province to show as examples (fewer
        when the province has none of a kind)."""
        ...

    def subscription(self, channel: str, user_id: str) -> Subscription | None:
        """The active subscription, if any."""
        ...

    def subscribe(
        self, channel: str, user_id: str, commune_code: str, audiences: tuple[str, ...]
    ) -> None:
        """Creates or replaces the subscription and records consent (idempotent)."""
        ...

    def unsubscribe(self, channel: str, user_id: str) -> bool:
        """True if there was an active subscription to stop."""
        ...

    def subscribed_note(self, channel: str) -> str | None:
        """What a subscriber on this channel should know (e.g. when news can reach them
        there), as the channel declares it; None when nothing."""
        ...


@dataclass(frozen=True)
class QuizReply:
    messages: tuple[OutgoingMessage, ...]
    intent: str


class QuizService(Protocol):
    """Online legal quizzes taken in the chat (``quizzes`` implements it). Its state
    lives server-side, so a quiz survives restarts and can be resumed any time."""

    def on_choice(self, argument: str, message: IncomingMessage) -> QuizReply:
        """A tapped quiz button (``QUIZ:<argument>``): start, an answer, a rating…"""
        ...

    def on_text(self, message: IncomingMessage, text: str) -> QuizReply | None:
        """The quiz's reply when the text starts a quiz or answers its open step; None
        when it is the assistant's to answer (a question asked mid-quiz)."""
        ...

    def reminder(self, message: IncomingMessage) -> tuple[OutgoingMessage, ...]:
        """The open quiz step asked again, after the assistant answered something else
        (nothing when no quiz is under way)."""
        ...
