"""The outbox's sending state: which part of a reply is out, in flight, deferred or closed.

A reply is sent part by part. Before each request the part is *claimed* (recorded as in
flight); the claim is cleared when the platform answers. A claim still standing when the
reply is read again means the process died mid-request: whether the citizen got that
part is unknown, so the reply is reported as failed (an officer can resend it from the
console) instead of being sent a second time.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from console.services import FailedReply
from server.database import Database

INTERRUPTED = "interrupted mid-send by a stop of the server: not resent, to avoid a duplicate"


@dataclass(frozen=True)
class PendingReply:
    """An outbox row still to send: rendered bodies and how many already went out."""

    id: int
    channel: str
    user_id: str
    bodies: list[dict]
    parts_sent: int
    attempts: int
    next_attempt_at: float
    in_flight_part: int | None = None
    # Retries give up this long after this time (creation, or an officer's resend).
    retry_since: float = 0.0


class OutboxStore:
    def __init__(self, database: Database, clock: Callable[[], float] = time.time) -> None:
        self._database = database
        self._clock = clock

    def now(self) -> float:
        return self._clock()

    def pending_replies(self, key: tuple[str, str]) -> list[PendingReply]:
        rows = self._database.db.execute(
            "SELECT id, channel, user_id, bodies, parts_sent, attempts, next_attempt_at, "
            "in_flight_part, COALESCE(retry_since, created_at) FROM outbox "
            "WHERE channel = ? AND user_id = ? AND status = 'pending' ORDER BY id",
            key,
        ).fetchall()
        return [PendingReply(row[0], row[1], row[2], json.loads(row[3]), *row[4:]) for row in rows]

    def claim_part(self, reply_id: int, index: int) -> None:
        self._set(reply_id, "in_flight_part = ?", (index,))

    def mark_part_sent(self, reply_id: int, parts_sent: int, finished: bool) -> None:
        self._set(
            reply_id,
            "parts_sent = ?, status = ?, sent_at = ?, error = NULL, in_flight_part = NULL",
            (parts_sent, "sent" if finished else "pending", self._clock()),
        )

    def defer_reply(self, reply_id: int, attempts: int, delay: float, error: str) -> None:
        self._set(
            reply_id,
            "attempts = ?, next_attempt_at = ?, error = ?, in_flight_part = NULL",
            (attempts, self._clock() + delay, error),
        )

    def close_reply(self, reply_id: int, status: str, error: str) -> None:
        """Ends a reply that will never be sent: 'held' (outside the platform's window)
        or 'failed' (permanent error, unreachable user, retries exhausted, interrupted)."""
        self._set(reply_id, "status = ?, error = ?, in_flight_part = NULL", (status, error))

    def failed(self, limit: int = 50) -> list[FailedReply]:
        """The latest replies that never reached their citizen, for officers to resend."""
        rows = self._database.db.execute(
            "SELECT id, channel, user_id, text, error, created_at FROM outbox "
            "WHERE status = 'failed' AND error NOT LIKE 'unreachable:%' "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [FailedReply(*row) for row in rows]

    def resend(self, reply_id: int) -> bool:
        """Queues a failed reply again, with a fresh retry period; False if not failed."""
        with self._database.transaction() as db:
            cursor = db.execute(
                "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = 0, "
                "error = NULL, in_flight_part = NULL, retry_since = ? "
                "WHERE id = ? AND status = 'failed'",
                (self._clock(), reply_id),
            )
            return cursor.rowcount > 0

    def _set(self, reply_id: int, assignments: str, parameters: tuple) -> None:
        with self._database.transaction() as db:
            db.execute(
                f"UPDATE outbox SET {assignments} WHERE id = ?",  # noqa: S608 (fixed strings)
                (*parameters, reply_id),
            )
