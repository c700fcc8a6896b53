"""Composition root: ``create_app()`` wires settings, database, channels, worker, assistant.

Served by gunicorn (``gunicorn 'app:create_app()'``, see gunicorn.conf.py) in one process
with threads: the worker that answers stored messages runs inside it.
"""

from __future__ import annotations

import atexit
import logging
import time
from collections.abc import Callable
from functools import partial

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from dotenv import load_dotenv
from flask import Flask, jsonify

from bot.assistant import Assistant
from bot.knowledge_base import KnowledgeBaseFiles
from bot.legal_currency import documents_cited
from bot.ports import AnswerCurrency, QuestionForwarder, QuizService, SubscriptionService
from broadcasts.commune_table import province_communes
from broadcasts.communes import Commune, CommuneFileError
from broadcasts.digest import HeldNews
from broadcasts.feeds import FeedImporter
from broadcasts.legal_register import LegalRegister
from broadcasts.routing import QuietHours
from broadcasts.scheduling import (
    JOBSTORE,
    BackgroundSender,
    BroadcastScheduler,
    sqlite_jobstore,
    stalled_broadcasts,
)
from broadcasts.schema import create_broadcast_schema
from broadcasts.store import BroadcastStore
from broadcasts.subscribers import SqliteSubscriptions
from console.schema import create_console_tables
from console.web import init_console
from handoff.answering import HeldAnswers
from handoff.kb_currency import CurrencyWatch
from quizzes.schema import create_quiz_tables
from server.assistant_loader import AssistantHolder
from server.console_wiring import console_config, console_services
from server.database import Database
from server.forwarding import CollectingForwarder
from server.handoff_wiring import answer_service, question_router
from server.home import home_blueprint
from server.inbox import SqliteInbox
from server.message_store import MessageStore
from server.outbox_store import OutboxStore
from server.quiz_wiring import quiz_chat
from server.schema import create_message_tables
from server.settings import Settings, SettingsError
from server.wiring import WatchedAnswers, delivery_engine, reply_retry_policy, wire_channels
from server.worker import Worker

logger = logging.getLogger(__name__)

AssistantFactory = Callable[
    [QuestionForwarder, SubscriptionService, AnswerCurrency, QuizService], Assistant
]
TOKEN_CHECK_MINUTES = 10


def _default_assistant(
    forwarder: QuestionForwarder,
    subscriptions: SubscriptionService,
    currency: AnswerCurrency,
    quizzes: QuizService,
    national_qa_url: str = "",
) -> Assistant:
    from bot.runtime import load_assistant

    return load_assistant(
        forwarder=forwarder,
        subscriptions=subscriptions,
        currency=currency,
        quizzes=quizzes,
        progress=logger.info,
        national_qa_url=national_qa_url,
    )


def create_app(
    settings: Settings | None = None,
    assistant_factory: AssistantFactory | None = None,
    start_background: bool = True,
) -> Flask:
    """``start_background=False`` leaves the worker, loader and scheduler stopped, for
    tests that drive them step by step."""
    if settings is None:
        load_dotenv()
        settings = Settings.from_environ()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # APScheduler logs every run of the 15-second sync at INFO; its warnings (missed
    # jobs) and errors still show.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)

    database = open_database(settings)
    communes = _communes(settings, database)
    subscriptions = SqliteSubscriptions(database, communes)
    knowledge_base = KnowledgeBaseFiles(settings.kb_dir)
    forwarder = CollectingForwarder(question_router(knowledge_base(), communes, subscriptions))
    register = LegalRegister(database)
    register.add_cited(documents_cited(knowledge_base()))
    watch = CurrencyWatch(
        database, knowledge_base, register.changes, settings.kb_review_max_age_days
    )
    factory = assistant_factory or partial(
        _default_assistant, national_qa_url=settings.national_qa_url
    )
    worker_ref: list[Worker] = []
    holder = AssistantHolder(
        lambda: factory(
            forwarder, subscriptions, WatchedAnswers(watch), quiz_chat(database, subscriptions)
        ),
        on_ready=lambda: worker_ref[0].wake(),
    )
    inbox = SqliteInbox(database, on_new=lambda: worker_ref[0].wake())
    wiring = wire_channels(settings, database, inbox)
    outbox = OutboxStore(database)
    worker = Worker(
        MessageStore(database),
        outbox,
        wiring.channels,
        holder,
        forwarder,
        reply_retry_policy(settings),
        threads=settings.worker_threads,
        typing_delay_seconds=settings.typing_delay_seconds,
        held_news=HeldNews(database),
        held_answers=HeldAnswers(database),
    )
    worker_ref.append(worker)
    engine = delivery_engine(settings, database, wiring)
    sender = BackgroundSender(engine)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    for blueprint in wiring.blueprints:
        app.register_blueprint(blueprint)
    app.register_blueprint(home_blueprint(settings.simulator_enabled))
    app.extensions["assistant"] = {
        "settings": settings,
        "database": database,
        "inbox": inbox,
        "worker": worker,
        "holder": holder,
        "wiring": wiring,
        "subscriptions": subscriptions,
        "engine": engine,
        "sender": sender,
    }

    @app.get("/healthz")
    def healthz():
        return jsonify({"status": "ok"})

    @app.get("/readyz")
    def readyz():
        checks = {"model": holder() is not None, "database": database.is_reachable()}
        body = {"ready": all(checks.values()), **checks, "channels": settings.enabled_channels}
        if holder.error:
            body["error"] = "the model could not be loaded; see the server log"
        return jsonify(body), 200 if body["ready"] else 503

    answers = answer_service(settings, database, on_queued=worker.wake)
    app.extensions["assistant"]["answers"] = answers
    console = console_services(
        settings, database, communes, knowledge_base, answers, sender, register, watch
    )
    console.replies = outbox
    console.replies_queued = worker.wake
    init_console(app, console, console_config(settings, database))

    if start_background:
        holder.load_in_background()
        worker.start()
        scheduler = BackgroundScheduler(
            timezone="UTC",
            jobstores={"default": MemoryJobStore(),
                       JOBSTORE: sqlite_jobstore(settings.database_path)},
        )  # fmt: skip
        if wiring.zalo_tokens is not None:
            scheduler.add_job(
                wiring.zalo_tokens.refresh_if_due, "interval", minutes=TOKEN_CHECK_MINUTES
            )
        store = BroadcastStore(database)
        broadcast_scheduler = BroadcastScheduler(
            scheduler,
            store,
            sender.start,
            QuietHours(settings.broadcasts.quiet_start, settings.broadcasts.quiet_end),
            settings.broadcasts.misfire_grace_seconds,
            resume_stalled=lambda: stalled_broadcasts(store, time.time),
        )
        broadcast_scheduler.install()
        console.schedule_changed = broadcast_scheduler.sync
        if settings.broadcasts.feeds:
            importer = FeedImporter(database, settings.broadcasts.feeds)
            scheduler.add_job(
                importer.import_all, "interval", minutes=settings.broadcasts.feed_poll_minutes
            )
        scheduler.start()
        app.extensions["assistant"]["scheduler"] = broadcast_scheduler
        atexit.register(
            lambda: (scheduler.shutdown(wait=False), broadcast_scheduler.uninstall(), worker.stop())
        )
    logger.info("channels enabled: %s", ", ".join(settings.enabled_channels) or "none")
    if not settings.simulator_enabled and (settings.facebook or settings.zalo):
        logger.info(
            "the /simulator chat is off because a platform is configured "
            "(SIMULATOR_ENABLED=true turns it on; never on a public server)"
        )
    return app


def open_database(settings: Settings) -> Database:
    """The one SQLite file with every package's tables created or migrated."""
    database = Database(settings.database_path)
    create_message_tables(database.db)
    create_broadcast_schema(database.db)
    create_console_tables(database.db)
    create_quiz_tables(database.db)
    return database


def _communes(settings: Settings, database: Database) -> list[Commune]:
    try:
        return province_communes(database, settings.province, settings.communes_csv)
    except (OSError, CommuneFileError) as error:
        raise SettingsError([f"PROVINCE / COMMUNES_CSV: {error}"]) from error
