"""The dialogue: one incoming message and the conversation state in, a turn out.

This module routes a message to the job that answers it: a tap or a typed number, a
command, the legal quiz, the subscription steps, a question for an official, or the
model's reading of the text (``bot.faq_answering``). Every path ends in a reply the
citizen can act on, and the turn says what to send and what to forward; the assistant
itself writes nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace

from bot import browsing, feedback_dialogue, payloads, replies
from bot.conversation import Conversation
from bot.decisions import DecisionKind, Thresholds
from bot.faq_answering import FaqAnswering, Understanding
from bot.forwarding_dialogue import ForwardingDialogue
from bot.global_commands import global_command
from bot.human_request import human_request
from bot.knowledge_base import KnowledgeBase
from bot.messages import IncomingMessage, MessageKind
from bot.payloads import Payload, parse_payload
from bot.ports import AnswerCurrency, Parser, QuizService, SubscriptionService
from bot.quiz_dialogue import QuizDialogue
from bot.subscription_dialogue import DialogueReply, SubscriptionDialogue
from bot.text_normalization import normalize_text
from bot.turn import Turn, reply_turn

logger = logging.getLogger(__name__)

_CHOICE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")
# Choices that answer the open subscription step; any other tap leaves the open steps.
_STEP_PAYLOADS = {payloads.COMMUNE, payloads.AUDIENCE, payloads.AUDIENCES_DONE}

PayloadHandler = Callable[[Payload, IncomingMessage, Conversation], Turn]
IntentHandler = Callable[[IncomingMessage, Conversation], Turn]


class Assistant:
    def __init__(
        self,
        knowledge_base: KnowledgeBase,
        parser: Parser,
        thresholds: Thresholds,
        forwarding: bool = False,
        subscriptions: SubscriptionService | None = None,
        currency: AnswerCurrency | None = None,
        national_qa_url: str = "",
        quizzes: QuizService | None = None,
    ) -> None:
        """``forwarding``: officials take citizens' questions here (the server does);
        without, "gặp cán bộ" tells the citizen where to go instead."""
        self._kb = knowledge_base
        self._faqs = FaqAnswering(knowledge_base, parser, thresholds, currency, national_qa_url)
        self._forwarding = ForwardingDialogue(knowledge_base, forwarding, self._faqs.likely)
        self._subscriptions = SubscriptionDialogue(subscriptions) if subscriptions else None
        self._quiz = QuizDialogue(quizzes) if quizzes is not None else None
        self._payload_handlers = self._base_payload_handlers()
        self._intent_handlers = self._base_intent_handlers()
        if self._subscriptions is not None:
            self._add_subscription_handlers(self._subscriptions)
        if self._quiz is not None:
            quiz = self._quiz
            self._payload_handlers[payloads.QUIZ] = lambda p, m, _: quiz.choice(p, m)

    def handle(self, message: IncomingMessage, conversation: Conversation) -> Turn:
        """Replies to one message and updates the conversation state in place."""
        turn = self._respond(message, conversation)
        if self._quiz is not None:
            turn = self._quiz.with_open_step(turn, message)
        conversation.offered_choices = [
            reply.payload for outgoing in turn.messages for reply in outgoing.quick_replies
        ]
        return turn

    def _respond(self, message: IncomingMessage, conversation: Conversation) -> Turn:
        if message.kind is MessageKind.FOLLOW:
            return browsing.greeting(self._kb)
        if message.kind is MessageKind.UNFOLLOW:
            return Turn(messages=(), intent="unfollow")
        if message.kind is MessageKind.ATTACHMENT:
            return self._menu(replies.NOT_TEXT, intent="attachment")
        if message.payload:
            return self._on_payload(parse_payload(message.payload), message, conversation)
        text = message.text.strip()
        if not text:
            return self._menu(replies.EMPTY_MESSAGE, intent="empty")
        quiz_turn = self._quiz.on_text(message, text) if self._quiz is not None else None
        if quiz_turn is not None:
            self._leave_steps(conversation)
            return quiz_turn
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
                return self._forwarding.ask_human(conversation)
            return self._forwarding.forward_typed(asked, conversation)
        subscription_turn = self._subscription_text(message, text, conversation)
        if subscription_turn is not None:
            return subscription_turn
        awaited = self._forwarding.awaited_question(text, conversation)
        if awaited is not None:
            return awaited
        if not normalize_text(text):
            return self._menu(replies.NOT_TEXT, intent="no_words")
        understood = self._faqs.understand(text)
        turn = self._on_understanding(understood, message, text, conversation)
        return replace(turn, intent=understood.intent_acted_on, confidence=understood.confidence)

    def _on_understanding(
        self,
        understood: Understanding,
        message: IncomingMessage,
        text: str,
        conversation: Conversation,
    ) -> Turn:
        decision = understood.decision
        if decision.kind is DecisionKind.ANSWER_FAQ and decision.faq_id:
            return self._faqs.answer(decision.faq_id, text, conversation)
        if decision.kind is DecisionKind.CLARIFY:
            return self._faqs.clarify(decision, text, conversation)
        if decision.kind is DecisionKind.CONVERSATION and decision.intent:
            handler = self._intent_handlers.get(decision.intent)
            if handler is not None:
                return handler(message, conversation)
            logger.info("no handler for intent %r; declining", decision.intent)
        return self._faqs.decline(decision, text, conversation)

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
        return None if reply is None else _turn_of(reply)

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

    def _menu(self, text: str, intent: str) -> Turn:
        return browsing.menu_turn(self._kb, text, intent)

    def _faq_choice(self, payload: Payload, conversation: Conversation) -> Turn:
        answered = self._faqs.answer_choice(payload.argument or "", conversation)
        return answered or self._menu(replies.UNKNOWN_CHOICE, intent="unknown_choice")

    def _base_payload_handlers(self) -> dict[str, PayloadHandler]:
        kb = self._kb
        return {
            payloads.GET_STARTED: lambda *_: browsing.greeting(kb),
            payloads.MENU: lambda *_: browsing.greeting(kb),
            payloads.ALL_FIELDS: lambda *_: browsing.all_fields(kb),
            payloads.FIELD: lambda p, *_: browsing.field_page(kb, p.argument or ""),
            payloads.FAQ: lambda p, _, c: self._faq_choice(p, c),
            payloads.HELPFUL: lambda p, _, c: feedback_dialogue.faq_feedback(True, p.argument, c),
            payloads.NOT_HELPFUL: lambda p, _, c: feedback_dialogue.faq_feedback(
                False, p.argument, c
            ),
            payloads.ANSWER_HELPFUL: lambda p, _, c: feedback_dialogue.answer_feedback(
                True, p.argument, c
            ),
            payloads.ANSWER_NOT_HELPFUL: lambda p, _, c: feedback_dialogue.answer_feedback(
                False, p.argument, c
            ),
            payloads.HUMAN: lambda _, __, c: self._forwarding.ask_human(c),
            payloads.REPHRASE: lambda *_: reply_turn(replies.EMPTY_MESSAGE, intent="rephrase"),
            payloads.SUBSCRIBE: lambda *_: _unavailable("subscribe"),
            payloads.UNSUBSCRIBE: lambda *_: _unavailable("unsubscribe"),
            payloads.NEW_LAWS: lambda *_: reply_turn(replies.NEW_LAWS_UNAVAILABLE, "new_laws"),
            payloads.QUIZ: lambda *_: self._menu(replies.QUIZ_UNAVAILABLE, intent="quiz_none"),
        }

    def _base_intent_handlers(self) -> dict[str, IntentHandler]:
        return {
            "greet": lambda *_: browsing.greeting(self._kb),
            "help": lambda *_: self._menu(replies.HELP, intent="help"),
            "goodbye": lambda *_: reply_turn(replies.GOODBYE, intent="goodbye"),
            "thanks": lambda *_: reply_turn(replies.THANKS, intent="thanks"),
            "bot_challenge": lambda *_: reply_turn(replies.BOT_CHALLENGE, intent="bot_challenge"),
            "feedback_positive": lambda _, c: feedback_dialogue.typed_feedback(True, c),
            "feedback_negative": lambda _, c: feedback_dialogue.typed_feedback(False, c),
            "ask_human": lambda _, c: self._forwarding.ask_human(c),
            "subscribe": lambda *_: _unavailable("subscribe"),
            "unsubscribe": lambda *_: _unavailable("unsubscribe"),
            "change_commune": lambda *_: _unavailable("change_commune"),
            "subscription_status": lambda *_: _unavailable("subscription_status"),
            "new_laws": lambda *_: reply_turn(replies.NEW_LAWS_UNAVAILABLE, intent="new_laws"),
        }

    def _add_subscription_handlers(self, dialogue: SubscriptionDialogue) -> None:
        self._payload_handlers.update(
            {
                payloads.SUBSCRIBE: lambda _, m, c: _turn_of(dialogue.start(m, c)),
                payloads.UNSUBSCRIBE: lambda _, m, c: _turn_of(dialogue.unsubscribe(m, c)),
                payloads.CHANGE_COMMUNE: lambda _, m, c: _turn_of(dialogue.change_commune(m, c)),
                **{
                    kind: lambda p, m, c: _turn_of(dialogue.on_payload(p, m, c))
                    for kind in _STEP_PAYLOADS
                },
            }
        )
        self._intent_handlers.update(
            {
                "subscribe": lambda m, c: _turn_of(dialogue.start(m, c)),
                "unsubscribe": lambda m, c: _turn_of(dialogue.unsubscribe(m, c)),
                "change_commune": lambda m, c: _turn_of(dialogue.change_commune(m, c)),
                "subscription_status": lambda m, c: _turn_of(dialogue.status(m, c)),
            }
        )


def _turn_of(reply: DialogueReply) -> Turn:
    return reply_turn(reply.text, reply.intent, reply.quick_replies)


def _unavailable(intent: str) -> Turn:
    """Subscriptions asked for where there are none (the command line)."""
    return reply_turn(replies.SUBSCRIPTIONS_UNAVAILABLE, intent)
