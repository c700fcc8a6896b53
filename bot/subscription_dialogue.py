"""The subscription conversation: choose a commune, choose audiences, confirm; stop,
change commune or show the subscription at any time.

Storage lives behind ``bot.ports.SubscriptionService``. While a step is open, the next
text is read as its answer before the model sees it, so a commune name is never taken
for a legal question.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import payloads, replies
from bot.audiences import AUDIENCE_LABELS, AUDIENCE_SHORT_LABELS
from bot.conversation import Conversation
from bot.global_commands import folded
from bot.messages import IncomingMessage, QuickReply
from bot.payloads import Payload
from bot.ports import SubscriptionService
from bot.text_normalization import fold_diacritics

STEP_COMMUNE = "commune"
STEP_AUDIENCES = "audiences"
DEFAULT_AUDIENCES = ("general_public",)
# Typed when no step is open: stop receiving news at once, without asking the model
# (the other stop words are global commands, ``bot.global_commands``).
STOP_WORDS = {"huy"}
# Typed during the steps: leave the subscription conversation.
CANCEL_WORDS = {"thoi", "huy", "khong", "ko", "cancel", "thoat"}
DONE_WORDS = {"xong", "ok", "done", "hoan thanh"}


@dataclass(frozen=True)
class DialogueReply:
    text: str
    intent: str
    quick_replies: tuple[QuickReply, ...] = ()


class SubscriptionDialogue:
    def __init__(self, service: SubscriptionService) -> None:
        self._service = service

    def is_stop_request(self, text: str) -> bool:
        return folded(text) in STOP_WORDS

    def start(self, message: IncomingMessage, conversation: Conversation) -> DialogueReply:
        conversation.subscription_step = STEP_COMMUNE
        conversation.changing_commune = False
        conversation.pending_commune = None
        conversation.pending_audiences = []
        return DialogueReply(self._ask_commune(), "subscribe")

    def leave(self, conversation: Conversation) -> None:
        """Closes any open step (another command was typed or tapped)."""
        _close(conversation)

    def change_commune(self, message: IncomingMessage, conversation: Conversation) -> DialogueReply:
        if self._service.subscription(message.channel, message.user_id) is None:
            return self._offer_subscription()
        reply = self.start(message, conversation)
        conversation.changing_commune = True
        return DialogueReply(reply.text, "change_commune")

    def status(self, message: IncomingMessage, conversation: Conversation) -> DialogueReply:
        subscription = self._service.subscription(message.channel, message.user_id)
        if subscription is None:
            return self._offer_subscription()
        return DialogueReply(
            replies.SUBSCRIPTION_STATUS.format(
                commune=subscription.commune.name,
                audiences=_labels(subscription.audiences),
            ),
            "subscription_status",
            (
                QuickReply(replies.QUICK_REPLY_CHANGE_COMMUNE, payloads.CHANGE_COMMUNE),
                QuickReply(replies.QUICK_REPLY_UNSUBSCRIBE, payloads.UNSUBSCRIBE),
            ),
        )

    def unsubscribe(self, message: IncomingMessage, conversation: Conversation) -> DialogueReply:
        """Stops the subscription at once; with none yet, "dừng" typed while subscribing
        only leaves the steps."""
        was_subscribing = conversation.subscription_step is not None
        _close(conversation)
        if self._service.unsubscribe(message.channel, message.user_id):
            return DialogueReply(replies.UNSUBSCRIBED, "unsubscribe")
        if was_subscribing:
            return DialogueReply(replies.SUBSCRIPTION_CANCELLED, "subscribe_cancel")
        return self._offer_subscription()

    def on_text(
        self, message: IncomingMessage, text: str, conversation: Conversation
    ) -> DialogueReply | None:
        """Answers the open step; None when no step is open."""
        if conversation.subscription_step is None:
            return None
        words = folded(text)
        if words in CANCEL_WORDS:
            _close(conversation)
            return DialogueReply(replies.SUBSCRIPTION_CANCELLED, "subscribe_cancel")
        if conversation.subscription_step == STEP_AUDIENCES:
            if words in DONE_WORDS:
                return self._finish(message, conversation)
            return self._audience_menu(conversation)
        return self._choose_commune_from_text(message, text, conversation)

    def on_payload(
        self, payload: Payload, message: IncomingMessage, conversation: Conversation
    ) -> DialogueReply:
        if payload.kind == payloads.COMMUNE and payload.argument:
            return self._commune_chosen(message, payload.argument, conversation)
        if payload.kind == payloads.AUDIENCE and payload.argument in AUDIENCE_LABELS:
            if conversation.subscription_step != STEP_AUDIENCES:
                return self.start(message, conversation)
            if payload.argument not in conversation.pending_audiences:
                conversation.pending_audiences.append(payload.argument)
            return self._audience_menu(conversation)
        if payload.kind == payloads.AUDIENCES_DONE:
            if conversation.subscription_step != STEP_AUDIENCES:
                return self.start(message, conversation)
            return self._finish(message, conversation)
        return self.start(message, conversation)

    def _choose_commune_from_text(
        self, message: IncomingMessage, text: str, conversation: Conversation
    ) -> DialogueReply:
        candidates = self._service.find_communes(text)
        if not candidates:
            examples = self._service.example_communes()
            return DialogueReply(
                replies.SUBSCRIBE_COMMUNE_NOT_FOUND.format(
                    typed=text.strip()[:60],
                    example=replies.EXAMPLE.format(example=examples[0].name) if examples else "",
                ),
                "subscribe_commune_unknown",
            )
        if len(candidates) == 1:
            return self._commune_chosen(message, candidates[0].code, conversation)
        return DialogueReply(
            replies.SUBSCRIBE_COMMUNE_AMBIGUOUS,
            "subscribe_commune_ambiguous",
            tuple(
                QuickReply(option.name, Payload(payloads.COMMUNE, option.code).encode())
                for option in candidates
            ),
        )

    def _commune_chosen(
        self, message: IncomingMessage, code: str, conversation: Conversation
    ) -> DialogueReply:
        commune = self._service.commune(code)
        if commune is None:
            return self.start(message, conversation)
        current = self._service.subscription(message.channel, message.user_id)
        if conversation.changing_commune and current is not None:
            self._service.subscribe(message.channel, message.user_id, code, current.audiences)
            _close(conversation)
            return DialogueReply(
                replies.COMMUNE_CHANGED.format(commune=commune.name), "change_commune"
            )
        conversation.pending_commune = code
        conversation.subscription_step = STEP_AUDIENCES
        conversation.pending_audiences = []
        return self._audience_menu(
            conversation, replies.SUBSCRIBE_ASK_AUDIENCES.format(commune=commune.name)
        )

    def _audience_menu(self, conversation: Conversation, intro: str | None = None) -> DialogueReply:
        chosen = tuple(conversation.pending_audiences)
        if intro is None:
            intro = (
                replies.SUBSCRIBE_AUDIENCE_ADDED.format(audiences=_labels(chosen))
                if chosen
                else replies.SUBSCRIBE_CHOOSE_AUDIENCES
            )
        options = tuple(
            QuickReply(label, Payload(payloads.AUDIENCE, code).encode())
            for code, label in AUDIENCE_SHORT_LABELS.items()
            if code not in chosen
        )
        done = QuickReply(replies.SUBSCRIBE_DONE_BUTTON, payloads.AUDIENCES_DONE)
        return DialogueReply(intro, "subscribe_audiences", (*options, done))

    def _finish(self, message: IncomingMessage, conversation: Conversation) -> DialogueReply:
        code = conversation.pending_commune
        commune = self._service.commune(code) if code else None
        if commune is None:
            return self.start(message, conversation)
        audiences = tuple(conversation.pending_audiences) or DEFAULT_AUDIENCES
        self._service.subscribe(message.channel, message.user_id, commune.code, audiences)
        _close(conversation)
        text = replies.SUBSCRIBED.format(commune=commune.name, audiences=_labels(audiences))
        note = self._service.subscribed_note(message.channel)
        if note:
            text = f"{text}\n{note}"
        return DialogueReply(text, "subscribed")

    def _ask_commune(self) -> str:
        """The commune question, with examples from the province's own list: one as
        written, one typed the way many people type it (no diacritics, lower case)."""
        examples = self._service.example_communes()
        if not examples:
            return replies.SUBSCRIBE_ASK_COMMUNE.format(examples="")
        shown = [examples[0].name, *(fold_diacritics(c.name).lower() for c in examples[1:2])]
        return replies.SUBSCRIBE_ASK_COMMUNE.format(
            examples=replies.EXAMPLES.format(examples=", ".join(shown))
        )

    def _offer_subscription(self) -> DialogueReply:
        return DialogueReply(
            replies.NOT_SUBSCRIBED,
            "subscription_status",
            (QuickReply(replies.MENU_SUBSCRIBE, payloads.SUBSCRIBE),),
        )


def _labels(audiences: tuple[str, ...]) -> str:
    return ", ".join(AUDIENCE_LABELS[code].lower() for code in audiences if code in AUDIENCE_LABELS)


def _close(conversation: Conversation) -> None:
    conversation.subscription_step = None
    conversation.pending_commune = None
    conversation.pending_audiences = []
    conversation.changing_commune = False
