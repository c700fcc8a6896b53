"""Builds the console's services and settings from the server's pieces."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

from bot.knowledge_base import KnowledgeBaseFiles
from broadcasts.communes import Commune
from broadcasts.deliveries import DeliveryStore
from broadcasts.legal_register import LegalRegister
from broadcasts.store import BroadcastStore
from console.accounts import AccountStore, LoginPolicy
from console.audit import AuditLog
from console.services import ConsoleConfig, ConsoleServices, ReplyOutbox
from console.sessions import SessionStore
from handoff.answering import AnswerService
from handoff.kb_currency import CurrencyWatch
from handoff.kb_drafts import KbDraftStore
from server.database import Database
from server.settings import Settings

SECRET_NAME = "flask_session_key"  # noqa: S105 (the name of the row, not a secret)


def login_policy(settings: Settings) -> LoginPolicy:
    return LoginPolicy(
        settings.console.max_failed_logins,
        settings.console.lockout_minutes * 60,
        settings.console.login_failures_per_address,
    )


def console_services(
    settings: Settings,
    database: Database,
    communes: list[Commune],
    *,
    accounts: AccountStore,
    audit: AuditLog,
    knowledge_base: KnowledgeBaseFiles,
    answers: AnswerService,
    start_sending: Callable[[int], object],
    register: LegalRegister,
    currency: CurrencyWatch,
    replies: ReplyOutbox,
    replies_queued: Callable[[], None],
) -> ConsoleServices:
    return ConsoleServices(
        database=database,
        accounts=accounts,
        sessions=SessionStore(database, settings.console.session_hours * 3600),
        audit=audit,
        broadcasts=BroadcastStore(database),
        deliveries=DeliveryStore(database),
        communes=communes,
        questions=answers.questions,
        answers=answers,
        kb_drafts=KbDraftStore(database, settings.kb_dir),
        knowledge_base=knowledge_base,
        legal_register=register,
        currency=currency,
        quiet_hours=settings.broadcasts.quiet_hours,
        start_sending=start_sending,
        replies=replies,
        replies_queued=replies_queued,
    )


def console_config(settings: Settings, database: Database) -> ConsoleConfig:
    return ConsoleConfig(
        secret_key=settings.console.secret_key or stored_secret(database),
        secure_cookies=settings.console.secure_cookies,
        session_hours=settings.console.session_hours,
        province=settings.province,
    )


def stored_secret(database: Database) -> str:
    """A session key made once and kept in the database, so sign-ins survive restarts
    without an operator having to invent one (set CONSOLE_SECRET_KEY to choose it)."""
    with database.transaction() as db:
        db.execute(
            "INSERT OR IGNORE INTO console_secrets (name, value, created_at) VALUES (?, ?, ?)",
            (SECRET_NAME, secrets.token_urlsafe(48), time.time()),
        )
        (value,) = db.execute(
            "SELECT value FROM console_secrets WHERE name = ?", (SECRET_NAME,)
        ).fetchone()
    return value
