"""Builds the quiz the assistant offers in the chat from the server's pieces."""

from __future__ import annotations

from broadcasts.subscribers import SqliteSubscriptions
from quizzes.attempts import AttemptStore
from quizzes.chat import QuizChat
from quizzes.store import QuizStore
from server.database import Database


def quiz_chat(database: Database, subscriptions: SqliteSubscriptions) -> QuizChat:
    def subscription_of(channel: str, user_id: str) -> tuple[str, tuple[str, ...]] | None:
        found = subscriptions.subscription(channel, user_id)
        return (found.commune.code, found.audiences) if found else None

    return QuizChat(QuizStore(database), AttemptStore(database), subscription_of)
