"""Answering from the knowledge base: what the model makes of a question, and the reply
to each decision (answer, ask which of close entries, or decline and offer an official).

The assistant answers an entry only when the model is confident (see ``bot.decisions``);
every other path still leaves the citizen a next step.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import menus, payloads, replies
from bot.answer_format import format_faq_answer
from bot.conversation import Conversation
from bot.decisions import Decision, DecisionKind, Thresholds, decide, suggestions_from
from bot.interpretation import Interpretation
from bot.knowledge_base import KnowledgeBase
from bot.messages import OutgoingMessage, QuickReply
from bot.ports import AnswerCurrency, Parser
from bot.text_normalization import normalize_text
from bot.turn import Turn


@dataclass(frozen=True)
class Understanding:
    interpretation: Interpretation
    decision: Decision

    @property
    def confidence(self) -> float:
        """The model's confidence in what the turn is recorded as (entry or intent)."""
        found = self.interpretation
        return found.faq_confidence if found.is_faq else found.intent_confidence

    @property
    def intent_acted_on(self) -> str | None:
        """A conversation the lexical match settled ("xin chào ad" while the model
        wavers) is recorded as that intent, not the model's guess."""
        if self.decision.kind is DecisionKind.CONVERSATION:
            return self.decision.intent
        return self.interpretation.intent


class FaqAnswering:
    def __init__(
        self,
        knowledge_base: KnowledgeBase,
        parser: Parser,
        thresholds: Thresholds,
        currency: AnswerCurrency | None = None,
        national_qa_url: str = "",
    ) -> None:
        self._kb = knowledge_base
        self._parser = parser
        self._thresholds = thresholds
        self._currency = currency
        # The national legal portal's Q&A, offered beside forwarding when the assistant
        # declines (the province plans ask local tools to connect to it); "" shows none.
        self._national_qa_url = national_qa_url
        self._field_of = {faq.id: faq.field for faq in knowledge_base.faqs}

    def understand(self, text: str) -> Understanding:
        interpretation = self._parser.parse(text)
        return Understanding(
            interpretation, decide(interpretation, self._thresholds, self._field_of)
        )

    def likely(self, text: str) -> tuple[str, ...]:
        """Entries the model finds closest: they set the forwarded question's field."""
        if not normalize_text(text):
            return ()
        return suggestions_from(self._parser.parse(text), self._thresholds, self._field_of)

    def answer_choice(self, faq_id: str, conversation: Conversation) -> Turn | None:
        """The entry the citizen tapped, as if they had asked its question; None when the
        knowledge base no longer has it."""
        try:
            faq = self._kb.faq(faq_id)
        except KeyError:
            return None
        return self.answer(faq.id, faq.question, conversation)

    def answer(self, faq_id: str, question: str, conversation: Conversation) -> Turn:
        faq = self._kb.faq(faq_id)
        conversation.last_faq_id = faq.id
        conversation.last_answer_id = None
        conversation.last_question = question
        conversation.last_unanswered = None
        conversation.last_suggestions = []
        flags = self._currency.flags(faq.id) if self._currency is not None else ()
        if flags:
            # Under review: "gặp cán bộ" forwards this very question, not a blank one.
            conversation.last_unanswered = question
            conversation.last_suggestions = [faq.id]
        text = f"{format_faq_answer(faq, flags)}\n\n{replies.FEEDBACK_QUESTION}"
        return Turn(
            messages=(OutgoingMessage(text, menus.feedback_replies(faq.id)),),
            intent="faq",
            confidence=1.0,
            faq_id=faq.id,
        )

    def clarify(self, decision: Decision, text: str, conversation: Conversation) -> Turn:
        """Two or three entries fit about equally: ask which, rather than guess. A tap
        answers with that entry; "gặp cán bộ" still forwards the question as typed."""
        conversation.last_unanswered = text
        conversation.last_suggestions = list(decision.suggestions)
        choices = [self._kb.faq(faq_id) for faq_id in decision.suggestions]
        quick_replies = (*menus.faq_replies(choices), menus.HUMAN_REPLY)
        return Turn(
            messages=(
                OutgoingMessage(
                    f"{replies.CLARIFY}\n{menus.numbered_questions(choices)}\n{replies.CLARIFY_NONE}",
                    quick_replies,
                ),
            ),
            intent=decision.intent,
        )

    def decline(self, decision: Decision, text: str, conversation: Conversation) -> Turn:
        """Not sure or out of scope: say so, suggest the likely entries and offer to
        forward the question (which the conversation keeps for "gặp cán bộ")."""
        conversation.last_unanswered = text
        conversation.last_suggestions = list(decision.suggestions)
        suggestions = [self._kb.faq(faq_id) for faq_id in decision.suggestions]
        opening = (
            replies.OUT_OF_SCOPE if decision.kind is DecisionKind.OUT_OF_SCOPE else replies.NOT_SURE
        )
        parts = [opening]
        if suggestions:
            parts.append(f"{replies.NOT_SURE_SUGGESTIONS}\n{menus.numbered_questions(suggestions)}")
        parts.append(replies.OFFER_FORWARD)
        if self._national_qa_url:
            parts.append(replies.NATIONAL_QA.format(url=self._national_qa_url))
        quick_replies = (
            *menus.faq_replies(suggestions),
            menus.HUMAN_REPLY,
            QuickReply(replies.QUICK_REPLY_MENU, payloads.ALL_FIELDS),
        )
        return Turn(
            messages=(OutgoingMessage("\n".join(parts), quick_replies),),
            intent=decision.intent,
            fallback=True,
        )
