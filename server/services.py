"""The composition root: every long-lived object of one process, built from the settings.

The server (``create_app``) and the command-line tools (``flask --app app broadcasts``,
``flask --app app console``, ``python -m server``) all take their pieces from here, so what
a tool does is what the server does. Each piece is built on first use: a tool that lists
officers opens the database but neither loads the communes nor reads the knowledge base.
Nothing refers forward: whoever has work for the worker sets ``work_arrived``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import cached_property

from flask import Flask

from bot.assistant import Assistant
from bot.knowledge_base import KnowledgeBaseFiles
from bot.legal_currency import documents_cited
from bot.ports import AnswerCurrency, QuizService, SubscriptionService
from bot.project_paths import ProjectPaths
from broadcasts.commune_table import province_communes
from broadcasts.communes import Commune, CommuneFileError
from broadcasts.deliveries import DeliveryStore
from broadcasts.digest import HeldNews
from broadcasts.engine import DeliveryEngine
from broadcasts.feeds import FeedImporter
from broadcasts.legal_register import LegalRegister
from broadcasts.officers import OfficerStore
from broadcasts.scheduling import BackgroundSender, BroadcastSchedule
from broadcasts.schema import create_broadcast_schema
from broadcasts.store import BroadcastStore
from broadcasts.subscribers import SqliteSubscriptions
from console.accounts import AccountStore
from console.audit import AuditLog
from console.schema import create_console_tables
from console.services import ConsoleConfig, ConsoleServices
from handoff.answering import AnswerService, HeldAnswers
from handoff.kb_currency import CurrencyWatch
from handoff.routing import QuestionRouter
from quizzes.chat import QuizChat
from quizzes.schema import create_quiz_tables
from server.assistant_loader import AssistantHolder
from server.console_wiring import console_config, console_services, login_policy
from server.database import Database
from server.handoff_wiring import answer_service, question_router
from server.inbox import SqliteInbox
from server.message_store import MessageStore
from server.outbox_store import OutboxStore
from server.quiz_wiring import quiz_chat
from server.schema import create_message_tables
from server.settings import Settings, SettingsError
from server.wiring import (
    WatchedAnswers,
    Wiring,
    delivery_engine,
    reply_retry_policy,
    wire_channels,
)
from server.worker import Worker

logger = logging.getLogger(__name__)

AssistantFactory = Callable[[SubscriptionService, AnswerCurrency, QuizService], Assistant]
EXTENSION = "services"


class Services:
    def __init__(
        self,
        settings: Settings,
        assistant_factory: AssistantFactory | None = None,
        clock: Callable[[], float] = time.time,
    ):
        """``clock``: the time the citizen's messages and replies are stamped and retried
        by; tests move it to run a retry schedule or a give-up period without waiting."""
        self.settings = settings
        self.clock = clock
        self._assistant_factory = assistant_factory or self._trained_assistant
        # Set when there is new work for the worker: a stored message, the assistant
        # loaded, an official's answer or a resent reply queued.
        self.work_arrived = threading.Event()

    # -- storage --------------------------------------------------------------------

    @cached_property
    def database(self) -> Database:
        return open_database(self.settings)

    @cached_property
    def communes(self) -> list[Commune]:
        try:
            return province_communes(
                self.database, self.settings.province, self.settings.communes_csv
            )
        except (OSError, CommuneFileError) as error:
            raise SettingsError([f"PROVINCE / COMMUNES_CSV: {error}"]) from error

    @cached_property
    def knowledge_base(self) -> KnowledgeBaseFiles:
        """The one copy of the entries, re-read when a file changes; the assistant keeps
        the version it was loaded with, the one its model knows."""
        return KnowledgeBaseFiles(self.settings.kb_dir)

    @cached_property
    def subscriptions(self) -> SqliteSubscriptions:
        return SqliteSubscriptions(self.database, self.communes)

    # -- the citizen's conversation ---------------------------------------------------

    @cached_property
    def inbox(self) -> SqliteInbox:
        return SqliteInbox(self.database, on_new=self.work_arrived.set, clock=self.clock)

    @cached_property
    def channels(self) -> Wiring:
        return wire_channels(self.settings, self.database, self.inbox)

    @cached_property
    def outbox(self) -> OutboxStore:
        return OutboxStore(self.database, self.clock)

    @cached_property
    def router(self) -> QuestionRouter:
        return question_router(self.knowledge_base, self.communes, self.subscriptions)

    @cached_property
    def holder(self) -> AssistantHolder:
        return AssistantHolder(
            lambda: self._assistant_factory(
                self.subscriptions, WatchedAnswers(self.currency), self.quizzes
            ),
            on_ready=self.work_arrived.set,
        )

    @cached_property
    def quizzes(self) -> QuizChat:
        """The legal quizzes taken in the chat, for the subscriber's commune and audiences."""
        return quiz_chat(self.database, self.subscriptions)

    @cached_property
    def worker(self) -> Worker:
        return Worker(
            MessageStore(self.database, self.clock),
            self.outbox,
            self.channels.channels,
            self.holder,
            self.router,
            reply_retry_policy(self.settings),
            threads=self.settings.worker_threads,
            typing_delay_seconds=self.settings.typing_delay_seconds,
            held_news=HeldNews(self.database),
            held_answers=HeldAnswers(self.database),
            wakeup=self.work_arrived,
        )

    def _trained_assistant(
        self,
        subscriptions: SubscriptionService,
        currency: AnswerCurrency,
        quizzes: QuizService,
    ) -> Assistant:
        from bot.runtime import load_assistant

        return load_assistant(
            paths=ProjectPaths(kb_dir=self.settings.kb_dir),
            knowledge_base=self.knowledge_base(),
            forwarding=True,
            subscriptions=subscriptions,
            currency=currency,
            quizzes=quizzes,
            progress=logger.info,
            national_qa_url=self.settings.national_qa_url,
        )

    # -- broadcasts -------------------------------------------------------------------

    @cached_property
    def broadcasts(self) -> BroadcastStore:
        return BroadcastStore(self.database)

    @cached_property
    def deliveries(self) -> DeliveryStore:
        return DeliveryStore(self.database)

    @cached_property
    def officers(self) -> OfficerStore:
        return OfficerStore(self.database)

    @cached_property
    def engine(self) -> DeliveryEngine:
        return delivery_engine(self.settings, self.database, self.channels)

    @cached_property
    def sender(self) -> BackgroundSender:
        return BackgroundSender(self.engine)

    @cached_property
    def schedule(self) -> BroadcastSchedule:
        return BroadcastSchedule(
            self.broadcasts,
            self.sender.start,
            self.settings.broadcasts.quiet_hours,
            self.settings.broadcasts.misfire_grace_seconds,
        )

    def feeds(self, urls: tuple[str, ...] | list[str] | None = None) -> FeedImporter:
        """The new-law feeds importer, for the given feeds or the configured ones."""
        return FeedImporter(self.database, urls or self.settings.broadcasts.feeds)

    @cached_property
    def legal_register(self) -> LegalRegister:
        register = LegalRegister(self.database)
        register.add_cited(documents_cited(self.knowledge_base()))
        return register

    # -- officials: answers, the currency watch and the console -------------------------

    @cached_property
    def currency(self) -> CurrencyWatch:
        return CurrencyWatch(
            self.database,
            self.knowledge_base,
            self.legal_register.changes,
            self.settings.kb_review_max_age_days,
        )

    @cached_property
    def answers(self) -> AnswerService:
        return answer_service(
            self.settings, self.database, on_queued=self.work_arrived.set, clock=self.clock
        )

    @cached_property
    def accounts(self) -> AccountStore:
        return AccountStore(self.database, login_policy(self.settings))

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.database)

    @cached_property
    def console(self) -> ConsoleServices:
        return console_services(
            self.settings,
            self.database,
            self.communes,
            accounts=self.accounts,
            audit=self.audit,
            knowledge_base=self.knowledge_base,
            answers=self.answers,
            start_sending=self.sender.start,
            register=self.legal_register,
            currency=self.currency,
            replies=self.outbox,
            replies_queued=self.work_arrived.set,
        )

    @cached_property
    def console_config(self) -> ConsoleConfig:
        return console_config(self.settings, self.database)


def build_services(
    settings: Settings,
    assistant_factory: AssistantFactory | None = None,
    clock: Callable[[], float] = time.time,
) -> Services:
    """``assistant_factory`` replaces the trained model (tests use a scripted parser);
    ``clock`` the real time of the replies (tests move it instead of waiting)."""
    return Services(settings, assistant_factory, clock)


def services_of(app: Flask) -> Services:
    """The services an app was built with."""
    return app.extensions[EXTENSION]


def open_database(settings: Settings) -> Database:
    """The one SQLite file with every package's tables created or migrated."""
    database = Database(settings.database_path)
    create_message_tables(database.db)
    create_broadcast_schema(database.db)
    create_console_tables(database.db)
    create_quiz_tables(database.db)
    return database
