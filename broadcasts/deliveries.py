"""Delivery rows of a broadcast: one per (broadcast, subscriber), planned in pages with
the route the platform rules gave, claimed before the request and closed after it.

The claim is committed before the platform is called, so after a crash a row is either
untouched (sent by whoever resumes), closed (never sent again), or "sending": the
request may or may not have reached the platform. Those few, at most one per sender
thread, are closed as failed with the reason, never resent: a citizen must not receive
the same notice twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from broadcasts.routing import Route
from broadcasts.storage import Storage
from channels.registry import PLATFORMS
from kernel.outcomes import DeliveryReason

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
HELD = "held"
RELEASED = "released"  # a held item the user later received in a digest
SKIPPED = "skipped"
FAILED = "failed"
CANCELLED = "cancelled"

STATUS_OF_ROUTE = {Route.SEND: PENDING, Route.SEND_PAID: PENDING, Route.HOLD: HELD,
                   Route.SKIP: SKIPPED}  # fmt: skip
INTERRUPTED = "interrupted while sending: the platform may or may not have it; not resent"


@dataclass(frozen=True)
class PlannedDelivery:
    subscriber_id: int
    channel: str
    user_id: str
    route: Route
    reason: str
    code: DeliveryReason


@dataclass(frozen=True)
class DueDelivery:
    id: int
    channel: str
    user_id: str
    route: str
    attempts: int


class DeliveryStore:
    def __init__(self, database: Storage, clock: Callable[[], float] = time.time) -> None:
        self._database = database
        self._clock = clock

    def planned_through(self, broadcast_id: int) -> int:
        """The highest subscriber id already planned: planning resumes after it."""
        (highest,) = self._database.db.execute(
            "SELECT COALESCE(MAX(subscriber_id), 0) FROM deliveries WHERE broadcast_id = ?",
            (broadcast_id,),
        ).fetchone()
        return highest

    def plan(self, broadcast_id: int, planned: Iterable[PlannedDelivery]) -> None:
        now = self._clock()
        rows = [
            (broadcast_id, item.subscriber_id, item.channel, item.user_id,
             STATUS_OF_ROUTE[item.route], item.route.value, item.reason, item.code.value, now)
            for item in planned
        ]  # fmt: skip
        with self._database.transaction() as db:
            db.conn.executemany(
                """INSERT OR IGNORE INTO deliveries
                   (broadcast_id, subscriber_id, channel, user_id, status, route, reason,
                    reason_code, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                rows,
            )

    def due(self, broadcast_id: int, limit: int, after_id: int = 0) -> list[DueDelivery]:
        rows = self._database.db.execute(
            "SELECT id, channel, user_id, route, attempts FROM deliveries "
            "WHERE broadcast_id = ? AND status = 'pending' AND next_attempt_at <= ? AND id > ? "
            "ORDER BY id LIMIT ?",
            (broadcast_id, self._clock(), after_id, limit),
        ).fetchall()
        return [DueDelivery(*row) for row in rows]

    def seconds_until_next_due(self, broadcast_id: int) -> float | None:
        (next_at,) = self._database.db.execute(
            "SELECT MIN(next_attempt_at) FROM deliveries WHERE broadcast_id = ? AND status = ?",
            (broadcast_id, PENDING),
        ).fetchone()
        return None if next_at is None else max(0.0, next_at - self._clock())

    def claim(self, delivery_id: int) -> bool:
        """Marks the row as being sent; False if another sender or a cancel got it first."""
        return self._update(
            "UPDATE deliveries SET status = 'sending', attempts = attempts + 1 "
            "WHERE id = ? AND status = 'pending'",
            (delivery_id,),
        )

    def mark_sent(self, delivery_id: int, platform_message_id: str | None) -> None:
        self._update(
            "UPDATE deliveries SET status = 'sent', sent_at = ?, platform_message_id = ?, "
            "error = NULL WHERE id = ? AND status = 'sending'",
            (self._clock(), platform_message_id, delivery_id),
        )

    def defer(self, delivery_id: int, delay_seconds: float, error: str) -> None:
        self._update(
            "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, error = ? "
            "WHERE id = ? AND status = 'sending'",
            (self._clock() + delay_seconds, error, delivery_id),
        )

    def close(self, delivery_id: int, status: str, code: DeliveryReason, detail: str) -> None:
        """Ends a claimed row without sending: failed, held (window closed), skipped."""
        self._update(
            "UPDATE deliveries SET status = ?, reason_code = ?, error = ? "
            "WHERE id = ? AND status = 'sending'",
            (status, code.value, detail, delivery_id),
        )

    def recover_interrupted(self, broadcast_id: int) -> int:
        """Closes the rows a crashed sender had claimed; returns how many."""
        with self._database.transaction() as db:
            cursor = db.execute(
                "UPDATE deliveries SET status = 'failed', reason_code = ?, error = ? "
                "WHERE broadcast_id = ? AND status = 'sending'",
                (DeliveryReason.INTERRUPTED.value, INTERRUPTED, broadcast_id),
            )
            return cursor.rowcount

    def cancel_remaining(self, broadcast_id: int) -> int:
        """A cancelled broadcast sends nothing more, nor appears in anyone's digest."""
        with self._database.transaction() as db:
            cursor = db.execute(
                "UPDATE deliveries SET status = 'cancelled', reason_code = ?, "
                "error = 'broadcast cancelled' "
                "WHERE broadcast_id = ? AND status IN ('pending', 'held')",
                (DeliveryReason.CANCELLED.value, broadcast_id),
            )
            return cursor.rowcount

    def mark_subscriber_unreachable(self, delivery_id: int, detail: str) -> None:
        with self._database.transaction() as db:
            db.execute(
                "UPDATE deliveries SET status = 'skipped', reason_code = ?, error = ? "
                "WHERE id = ? AND status = 'sending'",
                (DeliveryReason.UNREACHABLE.value, detail, delivery_id),
            )
            db.execute(
                "UPDATE subscribers SET status = 'unreachable', updated_at = ? "
                "WHERE id = (SELECT subscriber_id FROM deliveries WHERE id = ?)",
                (self._clock(), delivery_id),
            )

    def counts(self, broadcast_id: int) -> dict[str, int]:
        rows = self._database.db.execute(
            "SELECT status, COUNT(*) FROM deliveries WHERE broadcast_id = ? GROUP BY status",
            (broadcast_id,),
        ).fetchall()
        return dict(rows)

    def reasons(self, broadcast_id: int) -> list[tuple[str, str, int]]:
        """(status, reason, count) for held, skipped and failed rows: why they were not sent."""
        return [
            tuple(row)
            for row in self._database.db.execute(
                "SELECT status, COALESCE(error, reason), COUNT(*) FROM deliveries "
                "WHERE broadcast_id = ? AND status IN ('held', 'skipped', 'failed', 'cancelled') "
                "GROUP BY 1, 2 ORDER BY 3 DESC",
                (broadcast_id,),
            ).fetchall()
        ]

    def coded_reasons(
        self, broadcast_id: int
    ) -> list[tuple[str, DeliveryReason | None, str, str, int]]:
        """(status, code, channel, detail, count) for the rows ``reasons`` covers; the code
        is None in rows written before codes were kept, whose detail is all there is."""
        rows = self._database.db.execute(
            "SELECT status, reason_code, channel, COALESCE(error, reason), COUNT(*) "
            "FROM deliveries WHERE broadcast_id = ? "
            "AND status IN ('held', 'skipped', 'failed', 'cancelled') "
            "GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC",
            (broadcast_id,),
        ).fetchall()
        return [
            (status, DeliveryReason(code) if code else None, channel, detail, count)
            for status, code, channel, detail, count in rows
        ]

    def read_count(self, broadcast_id: int) -> int:
        """Deliveries the user has read, where the channel declares read receipts: Messenger's
        (stored in the server's inbox) carry a watermark, and every message sent at or
        before it has been read. Zalo's OA API reports no reads for these."""
        channels = sorted(PLATFORMS.read_receipt_channels())
        placeholders = ", ".join("?" for _ in channels)
        (count,) = self._database.db.execute(
            f"""SELECT COUNT(*) FROM deliveries d
               WHERE d.broadcast_id = ? AND d.status = 'sent'
                 AND d.channel IN ({placeholders})
                 AND EXISTS (
                   SELECT 1 FROM inbox i
                   WHERE i.channel = d.channel AND i.user_id = d.user_id AND i.kind = 'read'
                     AND CAST(json_extract(i.raw, '$.read.watermark') AS REAL)
                         >= d.sent_at * 1000)""",  # noqa: S608 (placeholders only)
            (broadcast_id, *channels),
        ).fetchone()
        return count

    def statistics(self, broadcast_id: int) -> dict:
        counts = self.counts(broadcast_id)
        reasons: dict[str, dict[str, int]] = {}
        for status, reason, count in self.reasons(broadcast_id):
            reasons.setdefault(status, {})[reason] = count
        return {
            "targeted": sum(counts.values()),
            "sent": counts.get(SENT, 0),
            "released_in_digest": counts.get(RELEASED, 0),
            "pending": counts.get(PENDING, 0) + counts.get(SENDING, 0),
            "held": counts.get(HELD, 0),
            "skipped": counts.get(SKIPPED, 0),
            "failed": counts.get(FAILED, 0),
            "cancelled": counts.get(CANCELLED, 0),
            "read": self.read_count(broadcast_id),
            "reasons": reasons,
        }

    def _update(self, sql: str, parameters: tuple) -> bool:
        with self._database.transaction() as db:
            return db.execute(sql, parameters).rowcount == 1
