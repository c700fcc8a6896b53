"""The currency watch: which knowledge-base entries need a legal reviewer's look because
a document they rest on changed or their review is overdue, and the reviewers' clearing.

The flags themselves are worked out by ``bot.legal_currency`` from the knowledge base,
the changes recorded in the legal register and the clearances kept here; this module
only stores who cleared what, and when.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence

from bot.knowledge_base import KnowledgeBase
from bot.legal_currency import (
    Clearance,
    CurrencySummary,
    DocumentChange,
    Flag,
    currency_flags,
    entry_flags,
    summarise,
)
from broadcasts.storage import Storage
from kernel.identity import Officer
from kernel.permissions import Can, can
from kernel.rules import RuleViolation

_VIETNAM = dt.timezone(dt.timedelta(hours=7))


class CurrencyWatch:
    def __init__(
        self,
        storage: Storage,
        knowledge_base: Callable[[], KnowledgeBase],
        changes: Callable[[], Sequence[DocumentChange]],
        max_age_days: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._storage = storage
        self._knowledge_base = knowledge_base
        self._changes = changes
        self._max_age_days = max_age_days
        self._clock = clock

    def today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self._clock(), _VIETNAM).date()

    def all_flags(self) -> dict[str, list[Flag]]:
        """Open flags of every flagged entry, by FAQ id."""
        return currency_flags(
            self._knowledge_base(), self._changes(), self._clearances(), self.today(),
            self._max_age_days,
        )  # fmt: skip

    def flags(self, faq_id: str) -> list[Flag]:
        """The entry's open flags (none for an id the knowledge base no longer has)."""
        faq = next((f for f in self._knowledge_base().faqs if f.id == faq_id), None)
        if faq is None:
            return []
        return entry_flags(
            faq, self._changes(), self._clearances(faq_id), self.today(), self._max_age_days
        )

    def summary(self) -> CurrencySummary:
        return summarise(self._knowledge_base(), self.all_flags())

    def clear(self, faq_id: str, flag_key: str, reviewer: Officer, note: str = "") -> Flag:
        """Records that a legal reviewer read the change (or re-read an overdue entry) and
        the answer stands; the citizen's caution goes with the flag."""
        if not can(reviewer, Can.REVIEW_KB):
            raise RuleViolation(
                "Chỉ cán bộ rà soát pháp lý hoặc quản trị viên được xóa cờ rà soát."
            )
        flag = next((f for f in self.flags(faq_id) if f.key == flag_key), None)
        if flag is None:
            raise LookupError(f"Mục {faq_id} không có cờ rà soát này (có thể đã được xóa).")
        with self._storage.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO kb_flag_clearances (faq_id, flag_key, cleared_by, "
                "cleared_at, cleared_on, note) VALUES (?, ?, ?, ?, ?, ?)",
                (faq_id, flag_key, reviewer.username, self._clock(), self.today().isoformat(),
                 note.strip() or None),
            )  # fmt: skip
        return flag

    def _clearances(self, faq_id: str | None = None) -> list[Clearance]:
        query = "SELECT faq_id, flag_key, cleared_on FROM kb_flag_clearances"
        arguments: tuple = ()
        if faq_id is not None:
            query, arguments = f"{query} WHERE faq_id = ?", (faq_id,)
        rows = self._storage.db.execute(query, arguments).fetchall()
        return [Clearance(f, key, dt.date.fromisoformat(on)) for f, key, on in rows]
