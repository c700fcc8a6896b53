"""Asking for an official: which question goes, and the reply that confirms it.

The question is the one the assistant could not answer, the one typed after "gặp cán bộ",
or the one said in the same message ("hỏi cán bộ về …"). The turn carries it
(``Turn.forwarded_question``) and the server stores it with the reply, in one step.
"""

from __future__ import annotations

from collections.abc import Callable

from bot import replies
from bot.browsing import menu_turn
from bot.conversation import Conversation
from bot.global_commands import folded
from bot.knowledge_base import KnowledgeBase
from bot.messages import OutgoingMessage
from bot.turn import ForwardedQuestion, Turn, reply_turn

# Typed while a question to forward is awaited: forward nothing.
_CANCEL_FORWARD = {"thoi", "huy", "khong", "ko", "cancel", "thoat"}


class ForwardingDialogue:
    def __init__(
        self,
        knowledge_base: KnowledgeBase,
        enabled: bool,
        likely: Callable[[str], tuple[str, ...]],
    ) -> None:
        """``enabled``: officials take questions here (the server); without them (the
        command line) the citizen is told where to go instead. ``likely`` gives the
        entries the model finds closest to a question."""
        self._kb = knowledge_base
        self._enabled = enabled
        self._likely = likely

    def ask_human(self, conversation: Conversation) -> Turn:
        """Forwards the question left unanswered, else asks for the question."""
        if not self._enabled:
            return self._unavailable()
        if conversation.last_unanswered:
            return self.forward(
                conversation.last_unanswered, tuple(conversation.last_suggestions), conversation
            )
        conversation.awaiting_forward_question = True
        return reply_turn(replies.FORWARD_ASK_QUESTION, "ask_human")

    def forward_typed(self, question: str, conversation: Conversation) -> Turn:
        """A question typed for an official: the model only routes it, never answers it."""
        if not self._enabled:
            return self._unavailable()
        return self.forward(question, self._likely(question), conversation)

    def awaited_question(self, text: str, conversation: Conversation) -> Turn | None:
        """The text typed after "gặp cán bộ" is the question, unless it calls it off;
        None when no question is awaited."""
        if not conversation.awaiting_forward_question:
            return None
        if folded(text) in _CANCEL_FORWARD:
            conversation.awaiting_forward_question = False
            return reply_turn(replies.FORWARD_CANCELLED, "ask_human_cancel")
        return self.forward_typed(text, conversation)

    def forward(
        self, question: str, likely_faq_ids: tuple[str, ...], conversation: Conversation
    ) -> Turn:
        if not self._enabled:
            return self._unavailable()
        conversation.awaiting_forward_question = False
        conversation.last_unanswered = None
        conversation.last_suggestions = []
        return Turn(
            messages=(OutgoingMessage(replies.FORWARDED),),
            intent="ask_human",
            confidence=1.0,
            forwarded_question=ForwardedQuestion(question, tuple(likely_faq_ids)),
        )

    def _unavailable(self) -> Turn:
        return menu_turn(self._kb, replies.FORWARD_UNAVAILABLE, intent="ask_human")
