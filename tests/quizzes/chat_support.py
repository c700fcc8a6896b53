"""A quiz chat on a temporary database with a clock the tests move (plain code)."""

from __future__ import annotations

import datetime as dt
import itertools

from bot.messages import IncomingMessage, MessageKind
from kernel.identity import Officer, Role
from quizzes.attempts import AttemptStore
from quizzes.chat import QuizChat
from quizzes.schema import create_quiz_tables
from quizzes.store import QuizStore
from server.database import Database
from tests.quizzes.support import START, quiz

AUTHOR = Officer("truyenthong", Role.COMMUNICATION_OFFICER)
APPROVER = Officer("lanhdao", Role.COMMUNICATION_OFFICER)
_ids = itertools.count(1)


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


class QuizWorld:
    """An approved quiz open at the clock's time, and citizens who write to it."""

    def __init__(self, tmp_path, subscriptions: dict | None = None, **quiz_changes) -> None:
        self.database = Database(tmp_path / "quiz.db")
        create_quiz_tables(self.database.db)
        self.clock = Clock(START - dt.timedelta(days=1))
        self.quizzes = QuizStore(self.database, now=self.clock)
        self.attempts = AttemptStore(self.database)
        created = self.quizzes.create(quiz(**quiz_changes), AUTHOR)
        self.quiz = self.quizzes.approve(created.id, APPROVER)
        self.clock.now = START + dt.timedelta(hours=1)
        subscriptions = subscriptions or {}
        self.chat = QuizChat(
            self.quizzes, self.attempts, lambda channel, user: subscriptions.get(user)
        )

    def text(self, text: str, user: str = "u1", channel: str = "simulator", mid: str = ""):
        return self.chat.on_text(self.message(user, channel, mid, text=text), text)

    def tap(self, argument: str, user: str = "u1", channel: str = "simulator", mid: str = ""):
        return self.chat.on_choice(argument, self.message(user, channel, mid, payload=argument))

    def message(self, user: str, channel: str, mid: str, **fields) -> IncomingMessage:
        kind = MessageKind.CHOICE if "payload" in fields else MessageKind.TEXT
        return IncomingMessage(
            channel, user, kind, platform_message_id=mid or f"m{next(_ids)}", **fields
        )

    def attempt(self, user: str = "u1", channel: str = "simulator"):
        return self.attempts.find(self.quiz.id, channel, user)


def text_of(reply) -> str:
    return "\n\n".join(message.text for message in reply.messages)


def buttons_of(reply) -> list[str]:
    return [button.payload for button in reply.messages[-1].quick_replies]
