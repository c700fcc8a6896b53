"""The legal quiz in the chat, as the assistant sees it: a tapped quiz button, text the
quiz claims (the start phrase, an answer to its open step), and the open step asked
again after the assistant answered something else mid-quiz.

The quiz keeps its own state server-side (``bot.ports.QuizService``); this module only
turns its replies into turns.
"""

from __future__ import annotations

from dataclasses import replace

from bot.messages import IncomingMessage, MessageKind, OutgoingMessage
from bot.payloads import Payload
from bot.ports import QuizReply, QuizService
from bot.turn import Turn


class QuizDialogue:
    def __init__(self, quizzes: QuizService) -> None:
        self._quizzes = quizzes

    def choice(self, payload: Payload, message: IncomingMessage) -> Turn:
        """A tapped quiz button (``QUIZ:<argument>``): start, an answer, a rating…"""
        return _turn_of(self._quizzes.on_choice(payload.argument or "", message))

    def on_text(self, message: IncomingMessage, text: str) -> Turn | None:
        """The quiz's turn when the text is the quiz's (read before a typed number is
        taken as one of the assistant's own choices); None when it is the assistant's."""
        reply = self._quizzes.on_text(message, text)
        return None if reply is None else _turn_of(reply)

    def with_open_step(self, turn: Turn, message: IncomingMessage) -> Turn:
        """A question asked mid-quiz is answered, then the quiz's open step is asked
        again; the answer's own buttons are left off so a typed number means the quiz's."""
        if (turn.intent or "").startswith("quiz"):
            return turn
        if message.kind not in (MessageKind.TEXT, MessageKind.CHOICE):
            return turn
        step = self._quizzes.reminder(message)
        if not step:
            return turn
        plain = tuple(OutgoingMessage(outgoing.text) for outgoing in turn.messages)
        return replace(turn, messages=(*plain, *step))


def _turn_of(reply: QuizReply) -> Turn:
    return Turn(messages=reply.messages, intent=reply.intent, confidence=1.0)
