"""The dialogue: one incoming message and the conversation state in, replies out.

Every path ends in a reply the citizen can act on. The assistant answers an FAQ only when
the model is confident (see ``bot.decisions``); otherwise it says so, suggests likely
topics and offers to forward the question to an official.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot import menus, payloads, replies
from bot.answer_format import format_faq_answer
from bot.conversation import Conversation
from bot.decisions import Decision, DecisionKind, Thresholds, decide, suggestions_from
from bot.global_commands import folded, global_command
from bot.human_request import human_request
from bot.knowledge_base import KnowledgeBase
from bot.messages import IncomingMessage, MessageKind, OutgoingMessage, QuickReply
from bot.payloads import Payload, parse_payload
from bot.ports import (
    AnswerCurrency,
    Parser,
    QuestionForwarder,
    QuizReply,
    QuizService,
    SubscriptionService,
)
from bot.subscription_dialogue import DialogueReply, SubscriptionDialogue
from bot.text_normalization import normalize_text

logger = logging.getLogger(__name__)

_CHOICE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")
# Choices that answer the open subscription step; any other tap leaves the open steps.
_STEP_PAYLOADS = {payloads.COMMUNE, payloads.AUDIENCE, payloads.AUDIENCES_DONE}
# Typed while a question to forward is awaited: forward nothing.
_CANCEL_FORWARD = {"thoi", "huy", "khong", "ko", "cancel", "thoat"}


@dataclass(frozen=True)
class Feedback:
    """A rating of the FAQ answer ``faq_id`` or of the official's answer to the forwarded
    question ``question_id``; reported apart, and together against the 90 % target."""

    helpful: bool
    faq_id: str | None
    question_id: int | None = None


@dataclass(frozen=True)
class Turn:
    """The replies to one message, plus what happened, for logs, statistics and the CLI."""

    messages: tuple[OutgoingMessage, ...]
    intent: str | None = None
    confidence: float = 0.0
    faq_id: str | None = None
    fallback: bool = False
    feedback: Feedback | None = None
    forwarded_question: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(message.text for message in self.messages)


class Assistant:
    def __init__(
        self,
        knowledge_base: KnowledgeBase,
        parser: Parser,
        thresholds: Thresholds,
        forwarder: QuestionForwarder | None = None,
        subscriptions: SubscriptionService | None = None,
        currency: AnswerCurrency | None = None,
        national_qa_url: str = "",
        quizzes: QuizService | None = None,
    ) -> None:
        self._kb = knowledge_base
        self._quizzes = quizzes
        # The national legal portal's Q&A, offered beside forwarding when the assistant
        # declines (the province plans ask local tools to connect to it); "" shows none.
        self._national_qa_url = national_qa_url
        self._currency = currency
        self._subscriptions = SubscriptionDialogue(subscriptions) if subscriptions else None
        self._parser = parser
        self._thresholds = thresholds
        self._forwarder = forwarder
        self._field_of = {faq.id: faq.field for faq in knowledge_base.faqs}
        self._payload_handlers: dict[
            str, Callable[[Payload, IncomingMessage, Conversation], Turn]
        ] = {
            payloads.GET_STARTED: lambda *_: self._greet(),
            payloads.MENU: lambda *_: self._greet(),
            payloads.ALL_FIELDS: lambda *_: self._all_fields(),
            payloads.FIELD: lambda payload, *_: self._field(payload.argument or ""),
            payloads.FAQ: lambda payload, _, conversation: self._answer_faq_choice(
                payload, conversation
            ),
            payloads.HELPFUL: lambda payload, _, conversation: self._feedback(
                True, payload.argument, conversation
            ),
            payloads.NOT_HELPFUL: lambda payload, _, conversation: self._feedback(
                False, payload.argument, conversation
            ),
            payloads.ANSWER_HELPFUL: lambda payload, _, conversation: self._answer_feedback(
                True, payload.argument, conversation
            ),
            payloads.ANSWER_NOT_HELPFUL: lambda payload, _, conversation: self._answer_feedback(
                False, payload.argument, conversation
            ),
            payloads.HUMAN: lambda _, message, conversation: self._ask_human(message, conversation),
            payloads.REPHRASE: lambda *_: self._reply(replies.EMPTY_MESSAGE, intent="rephrase"),
            payloads.SUBSCRIBE: lambda *_: self._reply(
                replies.SUBSCRIPTIONS_UNAVAILABLE, intent="subscribe"
            ),
            payloads.UNSUBSCRIBE: lambda *_: self._reply(
                replies.SUBSCRIPTIONS_UNAVAILABLE, intent="unsubscribe"
            ),
            payloads.NEW_LAWS: lambda *_: self._reply(
                replies.NEW_LAWS_UNAVAILABLE, intent="new_laws"
            ),
            payloads.QUIZ: lambda payload, message, _: self._quiz_choice(payload, message),
        }
        self._base_intent_handlers()
        if self._subscriptions is not None:
            self._add_subscription_handlers(self._subscriptions)

    def _add_subscription_handlers(self, dialogue: SubscriptionDialogue) -> None:
        def turn_of(reply: DialogueReply) -> Turn:
            return self._reply(reply.text, reply.intent, reply.quick_replies)

        self._payload_handlers.update(
            {
                payloads.SUBSCRIBE: lambda _, m, c: turn_of(dialogue.start(m, c)),
                payloads.UNSUBSCRIBE: lambda _, m, c: turn_of(dialogue.unsubscribe(m, c)),
                payloads.CHANGE_COMMUNE: lambda _, m, c: turn_of(dialogue.change_commune(m, c)),
                **{
                    kind: lambda p, m, c: turn_of(dialogue.on_payload(p, m, c))
                    for kind in (payloads.COMMUNE, payloads.AUDIENCE, payloads.AUDIENCES_DONE)
                },
            }
        )
        self._intent_handlers.update(
            {
                "subscribe": lambda m, c: turn_of(dialogue.start(m, c)),
                "unsubscribe": lambda m, c: turn_of(dialogue.unsubscribe(m, c)),
                "change_commune": lambda m, c: turn_of(dialogue.change_commune(m, c)),
                "subscription_status": lambda m, c: turn_of(dialogue.status(m, c)),
            }
        )

    def _base_intent_handlers(self) -> None:
        self._intent_handlers: dict[str, Callable[[IncomingMessage, Conversation], Turn]] = {
            "greet": lambda *_: self._greet(),
            "help": lambda *_: self._menu(replies.HELP, intent="help"),
            "goodbye": lambda *_: self._reply(replies.GOODBYE, intent="goodbye"),
            "thanks": lambda *_: self._reply(replies.THANKS, intent="thanks"),
            "bot_challenge": lambda *_: self._reply(replies.BOT_CHALLENGE, intent="bot_challenge"),
            "feedback_positive": lambda _, conversation: self._typed_feedback(True, conversation),
            "feedback_negative": lambda _, conversation: self._typed_feedback(False, conversation),
            "ask_human": self._ask_human,
            "subscribe": lambda *_: self._reply(
                replies.SUBSCRIPTIONS_UNAVAILABLE, intent="subscribe"
            ),
            "unsubscribe": lambda *_: self._reply(
                replies.SUBSCRIPTIONS_UNAVAILABLE, intent="unsubscribe"
            ),
            "change_commune": lambda *_: self._reply(
                replies.SUBSCRIPTIONS_UNAVAILABLE, intent="change_commune"
            ),
            "subscription_status": lambda *_: self._reply(
                replies.SUBSCRIPTIONS_UNAVAILABLE, intent="subscription_status"
            ),
            "new_laws": lambda *_: self._reply(replies.NEW_LAWS_UNAVAILABLE, intent="new_laws"),
        }

    def handle(self, message: IncomingMessage, conversation: Conversation) -> Turn:
        """Replies to one message and updates the conversation state in place."""
        turn = self._with_quiz_step(self._respond(message, conversation), message)
        conversation.offered_choices = [
            reply.payload for outgoing in turn.messages for reply in outgoing.quick_replies
        ]
        return turn

    def _respond(self, message: IncomingMessage, conversation: Conversation) -> Turn:
        if message.kind is MessageKind.FOLLOW:
            return self._greet()
        if message.kind is MessageKind.UNFOLLOW:
            return Turn(messages=(), intent="unfollow")
        if message.kind is MessageKind.ATTACHMENT:
            return self._menu(replies.NOT_TEXT, intent="attachment")
        if message.payload:
            return self._on_payload(parse_payload(message.payload), message, conversation)
        text = message.text.strip()
        if not text:
            return self._menu(replies.EMPTY_MESSAGE, intent="empty")
        if self._quizzes is not None:
            step = self._quizzes.on_text(message, text)
            if step is not None:
                self._leave_steps(conversation)
                return _quiz_turn(step)
        chosen = self._numbered_choice(text, conversation)
        if chosen is not None:
            return self._on_payload(parse_payload(chosen), message, conversation)
        command = global_command(text)
        if command is not None:
            return self._global_command(command, message, conversation)
        asked = human_request(text)
        if asked is not None:
            self._leave_steps(conversation)
            if not asked:
                return self._ask_human(message, conversation)
            return self._forward(message, asked, self._likely(asked), conversation)
        if self._subscriptions is not None:
            turn = self._subscription_text(message, text, conversation)
            if turn is not None:
                return turn
        if conversation.awaiting_forward_question:
            if folded(text) in _CANCEL_FORWARD:
                conversation.awaiting_forward_question = False
                return self._reply(replies.FORWARD_CANCELLED, "ask_human_cancel")
            return self._forward(message, text, self._likely(text), conversation)
        if not normalize_text(text):
            return self._menu(replies.NOT_TEXT, intent="no_words")
        interpretation = self._parser.parse(text)
        decision = decide(interpretation, self._thresholds, self._field_of)
        turn = self._on_decision(decision, message, text, conversation)
        confidence = (
            interpretation.faq_confidence
            if interpretation.is_faq
            else interpretation.intent_confidence
        )
        # The intent acted on: a conversation the lexical match settled ("xin chào ad"
        # while the model wavers) is recorded as that intent, not the model's guess.
        acted_on = (
            decision.intent if decision.kind is DecisionKind.CONVERSATION else interpretation.intent
        )
        return replace(turn, intent=acted_on, confidence=confidence)

    def _quiz_choice(self, payload: Payload, message: IncomingMessage) -> Turn:
        if self._quizzes is None:
            return self._menu(replies.QUIZ_UNAVAILABLE, intent="quiz_none")
        return _quiz_turn(self._quizzes.on_choice(payload.argument or "", message))

    def _with_quiz_step(self, turn: Turn, message: IncomingMessage) -> Turn:
        """A question asked mid-quiz is answered, then the quiz's open step is asked
        again; the answer's own buttons are left off so a typed number means the quiz's."""
        if self._quizzes is None or (turn.intent or "").startswith("quiz"):
            return turn
        if message.kind not in (MessageKind.TEXT, MessageKind.CHOICE):
            return turn
        step = self._quizzes.reminder(message)
        if not step:
            return turn
        plain = tuple(OutgoingMessage(outgoing.text) for outgoing in turn.messages)
        return replace(turn, messages=(*plain, *step))

    def _global_command(
        self, intent: str, message: IncomingMessage, conversation: Conversation
    ) -> Turn:
        """A command typed at any step: it leaves the open steps, then acts as the intent
        of that name (stopping reads the open subscription step itself)."""
        conversation.awaiting_forward_question = False
        if intent != "unsubscribe":
            self._leave_steps(conversation)
        return self._intent_handlers[intent](message, conversation)

    def _leave_steps(self, conversation: Conversation) -> None:
        conversation.awaiting_forward_question = False
        if self._subscriptions is not None:
            self._subscriptions.leave(conversation)

    def _likely(self, text: str) -> tuple[str, ...]:
        """Entries the model finds closest: they set the forwarded question's field."""
        if not normalize_text(text):
            return ()
        return suggestions_from(self._parser.parse(text), self._thresholds, self._field_of)

    def _subscription_text(
        self, message: IncomingMessage, text: str, conversation: Conversation
    ) -> Turn | None:
        """Stop words unsubscribe at once; an open subscription step reads its answer."""
        dialogue = self._subscriptions
        if dialogue is None:
            return None
        if dialogue.is_stop_request(text) and conversation.subscription_step is None:
            reply = dialogue.unsubscribe(message, conversation)
        else:
            reply = dialogue.on_text(message, text, conversation)
        if reply is None:
            return None
        return self._reply(reply.text, reply.intent, reply.quick_replies)

    @staticmethod
    def _numbered_choice(text: str, conversation: Conversation) -> str | None:
        match = _CHOICE_NUMBER.match(text)
        if not match:
            return None
        number = int(match.group(1))
        if 1 <= number <= len(conversation.offered_choices):
            return conversation.offered_choices[number - 1]
        return None

    def _on_payload(
        self, payload: Payload, message: IncomingMessage, conversation: Conversation
    ) -> Turn:
        if payload.kind not in _STEP_PAYLOADS:
            self._leave_steps(conversation)
        handler = self._payload_handlers.get(payload.kind)
        if handler is None:
            logger.info("unknown payload kind %r; showing the menu", payload.kind)
            return self._menu(replies.UNKNOWN_CHOICE, intent="unknown_choice")
        return handler(payload, message, conversation)

    def _on_decision(
        self, decision: Decision, message: IncomingMessage, text: str, conversation: Conversation
    ) -> Turn:
        if decision.kind is DecisionKind.ANSWER_FAQ and decision.faq_id:
            return self._answer_faq(decision.faq_id, text, conversation)
        if decision.kind is DecisionKind.CLARIFY:
            return self._clarify(decision, text, conversation)
        if decision.kind is DecisionKind.CONVERSATION and decision.intent:
            handler = self._intent_handlers.get(decision.intent)
            if handler is not None:
                return handler(message, conversation)
            logger.info("no handler for intent %r; declining", decision.intent)
        return self._decline(decision, text, conversation)

    def _reply(self, text: str, intent: str, quick_replies: tuple[QuickReply, ...] = ()) -> Turn:
        return Turn(messages=(OutgoingMessage(text, quick_replies),), intent=intent, confidence=1.0)

    def _menu(self, text: str, intent: str) -> Turn:
        return self._reply(text, intent, menus.popular_field_replies(self._kb))

    def _greet(self) -> Turn:
        return self._menu(replies.GREETING, intent="greet")

    def _all_fields(self) -> Turn:
        return self._reply(replies.HELP, "menu", menus.all_field_replies(self._kb))

    def _field(self, argument: str) -> Turn:
        field_code, page = payloads.field_and_page(argument)
        faqs, more = menus.field_page(self._kb, field_code, page)
        if not faqs:
            return self._menu(replies.UNKNOWN_CHOICE, intent="unknown_choice")
        label = self._kb.field_label(field_code)
        text = f"{replies.FIELD_LIST.format(field=label)}\n{menus.numbered_questions(faqs)}"
        next_page = (
            (QuickReply(replies.QUICK_REPLY_MORE, payloads.field_payload(field_code, page + 1)),)
            if more
            else ()
        )
        return self._reply(text, "field", (*menus.faq_replies(faqs), *next_page, menus.HUMAN_REPLY))

    def _answer_faq_choice(self, payload: Payload, conversation: Conversation) -> Turn:
        try:
            faq = self._kb.faq(payload.argument or "")
        except KeyError:
            return self._menu(replies.UNKNOWN_CHOICE, intent="unknown_choice")
        return self._answer_faq(faq.id, faq.question, conversation)

    def _answer_faq(self, faq_id: str, question: str, conversation: Conversation) -> Turn:
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

    def _clarify(self, decision: Decision, text: str, conversation: Conversation) -> Turn:
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

    def _decline(self, decision: Decision, text: str, conversation: Conversation) -> Turn:
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

    def _typed_feedback(self, helpful: bool, conversation: Conversation) -> Turn:
        """ "hữu ích" / "sai rồi" typed: rates the answer read last, FAQ or official's."""
        if conversation.last_answer_id is not None:
            return self._answer_feedback(helpful, str(conversation.last_answer_id), conversation)
        return self._feedback(helpful, conversation.last_faq_id, conversation)

    def _answer_feedback(
        self, helpful: bool, argument: str | None, conversation: Conversation
    ) -> Turn:
        intent = "feedback_positive" if helpful else "feedback_negative"
        if not (argument and argument.isdigit() and len(argument) < 19):
            return self._reply(replies.FEEDBACK_WITHOUT_ANSWER, intent)
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

    def _feedback(self, helpful: bool, faq_id: str | None, conversation: Conversation) -> Turn:
        intent = "feedback_positive" if helpful else "feedback_negative"
        if faq_id is None:
            return self._reply(replies.FEEDBACK_WITHOUT_ANSWER, intent)
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

    def _ask_human(self, message: IncomingMessage, conversation: Conversation) -> Turn:
        if self._forwarder is None:
            return self._menu(replies.FORWARD_UNAVAILABLE, intent="ask_human")
        if conversation.last_unanswered:
            return self._forward(
                message,
                conversation.last_unanswered,
                tuple(conversation.last_suggestions),
                conversation,
            )
        conversation.awaiting_forward_question = True
        return self._reply(replies.FORWARD_ASK_QUESTION, "ask_human")

    def _forward(
        self,
        message: IncomingMessage,
        question: str,
        likely_faq_ids: tuple[str, ...],
        conversation: Conversation,
    ) -> Turn:
        if self._forwarder is None:
            return self._menu(replies.FORWARD_UNAVAILABLE, intent="ask_human")
        self._forwarder.forward(message, question, likely_faq_ids)
        conversation.awaiting_forward_question = False
        conversation.last_unanswered = None
        conversation.last_suggestions = []
        return Turn(
            messages=(OutgoingMessage(replies.FORWARDED),),
            intent="ask_human",
            confidence=1.0,
            forwarded_question=question,
        )


def _quiz_turn(reply: QuizReply) -> Turn:
    return Turn(messages=reply.messages, intent=reply.intent, confidence=1.0)
