"""What the console needs from the rest of the system, passed in by the composition root.

The console imports ``bot``, ``broadcasts`` and ``handoff`` only; the server's pieces
(the sender thread, the outbox) reach it as the callables below. The scheduler needs no
nudge: it polls the broadcasts table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from bot.knowledge_base import KnowledgeBase
from broadcasts.communes import Commune
from broadcasts.deliveries import DeliveryStore
from broadcasts.legal_register import LegalRegister
from broadcasts.routing import QuietHours
from broadcasts.storage import Storage
from broadcasts.store import BroadcastStore
from console.accounts import AccountStore
from console.audit import AuditLog
from console.population import PopulationStore
from console.sessions import SessionStore
from handoff.answering import AnswerService
from handoff.kb_currency import CurrencyWatch
from handoff.kb_drafts import KbDraftStore
from handoff.questions import QuestionStore


@dataclass(frozen=True)
class FailedReply:
    """A reply (the assistant's or an official's) that never reached its citizen."""

    id: int
    channel: str
    user_id: str
    text: str
    error: str | None
    created_at: float


class ReplyOutbox(Protocol):
    def failed(self, limit: int = 50) -> list[FailedReply]: ...

    def resend(self, reply_id: int) -> bool: ...


class _NoOutbox:
    def failed(self, limit: int = 50) -> list[FailedReply]:
        return []

    def resend(self, reply_id: int) -> bool:
        return False


@dataclass(frozen=True)
class ConsoleConfig:
    secret_key: str
    secure_cookies: bool = True
    session_hours: float = 8.0
    province: str = "Hà Nội"


@dataclass
class ConsoleServices:
    database: Storage
    accounts: AccountStore
    sessions: SessionStore
    audit: AuditLog
    broadcasts: BroadcastStore
    deliveries: DeliveryStore
    communes: list[Commune]
    questions: QuestionStore
    answers: AnswerService
    kb_drafts: KbDraftStore
    knowledge_base: Callable[[], KnowledgeBase]
    legal_register: LegalRegister
    currency: CurrencyWatch
    quiet_hours: QuietHours
    # Starts sending a broadcast now moved to "sending" (the server's background sender).
    start_sending: Callable[[int], object] = lambda broadcast_id: None
    # Failed replies to citizens, for officers to see and resend (the server's outbox).
    replies: ReplyOutbox = field(default_factory=_NoOutbox)
    # Wakes the worker after a resend, so the reply goes out at once.
    replies_queued: Callable[[], None] = lambda: None

    def commune_names(self) -> dict[str, str]:
        return {commune.code: commune.name for commune in self.communes}

    def population(self) -> PopulationStore:
        """Residents per commune, as an administrator entered them."""
        return PopulationStore(self.database)

    def officer_names(self) -> dict[str, str]:
        """Every console account's username and full name (with position and unit)."""
        return {account.username: account.display_name for account in self.accounts.all()}
