"""Who did what and when: every sign-in and every change an officer makes.

Questions, answers and their handling are logged in the transaction that changes them,
so the log cannot disagree with them; a broadcast's changes, which its own history
already records with who and when, are logged right after they succeed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from broadcasts.storage import Storage


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: float
    actor: str
    action: str
    target: str | None
    detail: dict
    remote_addr: str | None


class AuditLog:
    def __init__(self, database: Storage, clock: Callable[[], float] = time.time) -> None:
        self._database = database
        self._clock = clock

    def record(
        self,
        actor: str,
        action: str,
        target: str | None = None,
        detail: dict | None = None,
        remote_addr: str | None = None,
    ) -> None:
        with self._database.transaction() as db:
            self.record_in(db, actor, action, target, detail, remote_addr)

    def record_in(
        self,
        db: sqlite_utils.Database,
        actor: str,
        action: str,
        target: str | None = None,
        detail: dict | None = None,
        remote_addr: str | None = None,
    ) -> None:
        """Inside the caller's transaction."""
        db.execute(
            "INSERT INTO audit_log (at, actor, action, target, detail, remote_addr) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                self._clock(),
                actor,
                action,
                target,
                json.dumps(detail or {}, ensure_ascii=False),
                remote_addr,
            ),
        )

    def entries(
        self, actor: str | None = None, action: str | None = None, limit: int = 200
    ) -> list[AuditEntry]:
        conditions, parameters = [], []
        if actor:
            conditions.append("actor = ?")
            parameters.append(actor)
        if action:
            conditions.append("action = ?")
            parameters.append(action)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        rows = self._database.db.execute(
            "SELECT id, at, actor, action, target, detail, remote_addr FROM audit_log "  # noqa: S608 (fixed conditions, bound values)
            f"{where} ORDER BY id DESC LIMIT ?",
            (*parameters, int(limit)),
        ).fetchall()
        return [AuditEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6]) for r in rows]
