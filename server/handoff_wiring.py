"""Builds the human handoff from the server's pieces: the router that gives a forwarded
question its field and commune, and the service that delivers officials' answers."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.knowledge_base import KnowledgeBase
from broadcasts.communes import Commune, CommuneMatcher
from broadcasts.subscribers import SqliteSubscriptions
from handoff.answering import AnswerService, AnswerSettings
from handoff.questions import QuestionStore
from handoff.routing import QuestionRouter
from server.answer_outbox import SqliteAnswerOutbox
from server.contact_windows import SqliteContactWindows
from server.database import Database
from server.settings import Settings


def question_router(
    knowledge_base: Callable[[], KnowledgeBase],
    communes: list[Commune],
    subscriptions: SqliteSubscriptions,
) -> QuestionRouter:
    def subscribed_commune(channel: str, user_id: str) -> str | None:
        found = subscriptions.subscription(channel, user_id)
        return found.commune.code if found else None

    return QuestionRouter(
        lambda: {faq.id: faq.field for faq in knowledge_base().faqs},
        CommuneMatcher(communes),
        subscribed_commune,
    )


def answer_service(
    settings: Settings,
    database: Database,
    on_queued,
    clock: Callable[[], float] = time.time,
) -> AnswerService:
    """``clock`` stamps a queued answer, which starts its retry period: the replies' clock."""
    return AnswerService(
        database,
        QuestionStore(database),
        SqliteContactWindows(database),
        SqliteAnswerOutbox(database, clock),
        AnswerSettings(
            human_agent_enabled=settings.console.facebook_human_agent,
            zalo_paid_enabled=settings.broadcasts.zalo_paid_messages,
        ),
        on_queued=on_queued,
    )
