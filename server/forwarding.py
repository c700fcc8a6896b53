"""Collects questions the assistant forwards while handling one message.

The assistant calls ``forward`` in the middle of a turn; the worker writes what was
collected in the same transaction as the turn's replies, so a crash never leaves a
forwarded question without its confirmation to the citizen, or the other way round.
Each question is routed (legal field, commune) when it is collected.
"""

from __future__ import annotations

import threading

from bot.messages import IncomingMessage
from handoff.routing import QuestionRoute, QuestionRouter
from server.message_store import ForwardedQuestion


class CollectingForwarder:
    """Implements ``bot.ports.QuestionForwarder`` per worker thread."""

    def __init__(self, router: QuestionRouter | None = None) -> None:
        self._local = threading.local()
        self.router = router

    def forward(
        self, message: IncomingMessage, question: str, likely_faq_ids: tuple[str, ...]
    ) -> None:
        route = (
            self.router.route(message.channel, message.user_id, question, likely_faq_ids)
            if self.router is not None
            else QuestionRoute()
        )
        self._collected().append(ForwardedQuestion(question, tuple(likely_faq_ids), route))

    def take(self) -> list[ForwardedQuestion]:
        collected = self._collected()
        self._local.items = []
        return collected

    def _collected(self) -> list[ForwardedQuestion]:
        if not hasattr(self._local, "items"):
            self._local.items = []
        return self._local.items
