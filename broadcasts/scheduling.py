"""Scheduled broadcasts: the ``broadcasts`` table is the schedule, polled by one job.

Officers schedule from the CLI or the console, possibly in other processes; every
``POLL_SECONDS`` the poll sends what is due. A broadcast due within the grace period
goes out once (a server that was down catches up); one older than that is reported
(it goes back to "approved" with a "missed" event) and never sent silently. Quiet hours
postpone non-urgent sends to the next morning. Sends left unfinished by a stopped
process are resumed by the same poll.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable

from apscheduler.schedulers.base import BaseScheduler

from broadcasts.engine import BroadcastBusy, DeliveryEngine
from broadcasts.model import Broadcast, Status
from broadcasts.routing import QuietHours
from broadcasts.store import BroadcastStore
from kernel.identity import Officer, Role
from kernel.rules import RuleViolation

logger = logging.getLogger(__name__)

POLL_JOB = "broadcast-poll"
POLL_SECONDS = 5
SCHEDULER = Officer("system:scheduler", Role.ADMINISTRATOR)
UNLEASED_GRACE_SECONDS = 30


class BackgroundSender:
    """Runs the engine for a broadcast on its own thread, once per process at a time."""

    def __init__(self, engine: DeliveryEngine) -> None:
        self._engine = engine
        self._running: set[int] = set()
        self._lock = threading.Lock()

    def start(self, broadcast_id: int) -> bool:
        with self._lock:
            if broadcast_id in self._running:
                return False
            self._running.add(broadcast_id)
        threading.Thread(
            target=self._run, args=(broadcast_id,), name=f"broadcast-{broadcast_id}", daemon=True
        ).start()
        return True

    def _run(self, broadcast_id: int) -> None:
        try:
            status = self._engine.run(broadcast_id)
            logger.info("broadcast %d finished: %s", broadcast_id, status.value)
        except BroadcastBusy:
            logger.info("broadcast %d is being sent by another process", broadcast_id)
        except Exception:
            logger.exception("broadcast %d: sending stopped; it resumes at the next poll",
                             broadcast_id)  # fmt: skip
        finally:
            with self._lock:
                self._running.discard(broadcast_id)

    def is_running(self, broadcast_id: int) -> bool:
        with self._lock:
            return broadcast_id in self._running


class BroadcastSchedule:
    """Sends scheduled broadcasts when due; ``poll`` is the one interval job."""

    def __init__(
        self,
        store: BroadcastStore,
        start_sending: Callable[[int], object],
        quiet_hours: QuietHours,
        grace_seconds: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._start_sending = start_sending
        self._quiet = quiet_hours
        self._grace = grace_seconds
        self._clock = clock

    def install(self, scheduler: BaseScheduler) -> None:
        """Adds the poll to the process's scheduler, first run at once."""
        scheduler.add_job(
            self.poll, "interval", seconds=POLL_SECONDS, id=POLL_JOB, coalesce=True,
            next_run_time=dt.datetime.now(dt.timezone.utc), replace_existing=True,
        )  # fmt: skip

    def poll(self) -> None:
        """Sends, postpones or reports each scheduled broadcast now due; resumes stalled
        sends."""
        now = dt.datetime.fromtimestamp(self._clock(), dt.timezone.utc)
        for broadcast in self._store.list(Status.SCHEDULED, limit=10_000):
            if broadcast.scheduled_at is not None and broadcast.scheduled_at <= now:
                self._due(broadcast, now)
        for broadcast_id in stalled_broadcasts(self._store, self._clock):
            self._start_sending(broadcast_id)

    def _due(self, broadcast: Broadcast, now: dt.datetime) -> None:
        if (now - broadcast.scheduled_at).total_seconds() > self._grace:
            self._report_missed(broadcast)
            return
        morning = self._quiet.postponed_to(now, broadcast.urgent)
        if morning is not None:
            self._store.reschedule(
                broadcast.id, morning, SCHEDULER.username, "postponed: quiet hours"
            )
            logger.info("broadcast %d postponed to %s (quiet hours)", broadcast.id, morning)
            return
        try:
            self._store.move(broadcast.id, Status.SENDING, SCHEDULER)
        except RuleViolation:  # cancelled, or taken by another process's poll, just now
            return
        self._start_sending(broadcast.id)

    def _report_missed(self, broadcast: Broadcast) -> None:
        logger.warning(
            "broadcast %d missed its time %s by more than %d s: not sent; reschedule it",
            broadcast.id, broadcast.scheduled_at, self._grace,
        )  # fmt: skip
        try:
            self._store.record_event(broadcast.id, "missed", SCHEDULER.username)
            self._store.move(broadcast.id, Status.APPROVED, SCHEDULER)
        except Exception:
            logger.exception("broadcast %d: could not record the missed schedule", broadcast.id)


def stalled_broadcasts(store: BroadcastStore, clock: Callable[[], float]) -> list[int]:
    """Broadcasts left in "sending" by a process that stopped (its lease ran out). One
    without a lease is left alone for a while: the CLI that just moved it to "sending"
    is about to take it."""
    db = store.database.db
    now = clock()
    rows = db.execute(
        "SELECT id FROM broadcasts WHERE status = 'sending' "
        "AND (lease_until < ? OR (lease_until IS NULL AND updated_at < ?))",
        (now, now - UNLEASED_GRACE_SECONDS),
    ).fetchall()
    return [row[0] for row in rows]
