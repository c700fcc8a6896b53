"""Scheduled broadcasts on APScheduler, with its job store in the project's SQLite file.

The ``broadcasts`` table is the source of truth (officers schedule from the CLI or the
console, other processes); ``sync`` keeps one persistent date job per scheduled
broadcast. A job that fires late within the grace period runs once; one older than that
is reported (the broadcast goes back to "approved" with a "missed" event) and never sent
silently. Quiet hours postpone non-urgent sends to the next morning.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler

from broadcasts.engine import BroadcastBusy, DeliveryEngine
from broadcasts.model import Status
from broadcasts.routing import QuietHours
from broadcasts.store import BroadcastStore
from kernel.identity import Officer, Role

logger = logging.getLogger(__name__)

JOBSTORE = "broadcasts"
JOB_PREFIX = "broadcast-"
SCHEDULER = Officer("system:scheduler", Role.ADMINISTRATOR)
SYNC_SECONDS = 15
UNLEASED_GRACE_SECONDS = 30

# APScheduler stores a job's function by reference; the one live scheduler of this
# process registers itself here so that reference can reach it.
_active: list[BroadcastScheduler] = []


def run_scheduled_broadcast(broadcast_id: int) -> None:
    """The persistent job's target."""
    if not _active:
        raise RuntimeError("no broadcast scheduler is installed in this process")
    _active[-1].fire(broadcast_id)


def sqlite_jobstore(database_path) -> SQLAlchemyJobStore:
    return SQLAlchemyJobStore(url=f"sqlite:///{database_path}", tablename="scheduled_jobs")


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
            logger.exception("broadcast %d: sending stopped; it resumes at the next sync",
                             broadcast_id)  # fmt: skip
        finally:
            with self._lock:
                self._running.discard(broadcast_id)

    def is_running(self, broadcast_id: int) -> bool:
        with self._lock:
            return broadcast_id in self._running


class BroadcastScheduler:
    def __init__(
        self,
        scheduler: BaseScheduler,
        store: BroadcastStore,
        start_sending: Callable[[int], object],
        quiet_hours: QuietHours,
        grace_seconds: int,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc),
        resume_stalled: Callable[[], list[int]] = lambda: [],
    ) -> None:
        self._scheduler = scheduler
        self._store = store
        self._start_sending = start_sending
        self._quiet = quiet_hours
        self._grace = grace_seconds
        self._now = now
        self._resume_stalled = resume_stalled
        self._lock = threading.Lock()

    def install(self) -> None:
        """Registers the job target and listener; call before ``scheduler.start()``."""
        _active.append(self)
        self._scheduler.add_listener(self._on_missed, EVENT_JOB_MISSED)
        self._scheduler.add_job(
            self.sync, "interval", seconds=SYNC_SECONDS, id="broadcast-sync",
            next_run_time=self._now(), replace_existing=True,
        )  # fmt: skip

    def uninstall(self) -> None:
        if self in _active:
            _active.remove(self)

    def sync(self) -> None:
        """One persistent job per scheduled broadcast; stalled sends resumed."""
        with self._lock:
            scheduled = {b.id: b for b in self._store.list(Status.SCHEDULED, limit=10_000)}
            jobs = {
                job.id: job
                for job in self._scheduler.get_jobs(jobstore=JOBSTORE)
                if job.id.startswith(JOB_PREFIX)
            }
            for broadcast_id, broadcast in scheduled.items():
                job = jobs.pop(f"{JOB_PREFIX}{broadcast_id}", None)
                if job is not None and job.next_run_time == broadcast.scheduled_at:
                    continue
                self._scheduler.add_job(
                    run_scheduled_broadcast, "date", run_date=broadcast.scheduled_at,
                    args=[broadcast_id], id=f"{JOB_PREFIX}{broadcast_id}", jobstore=JOBSTORE,
                    misfire_grace_time=self._grace, coalesce=True, replace_existing=True,
                )  # fmt: skip
            for job_id in jobs:  # cancelled or sent from elsewhere
                self._scheduler.remove_job(job_id, jobstore=JOBSTORE)
        for broadcast_id in self._resume_stalled():
            self._start_sending(broadcast_id)

    def fire(self, broadcast_id: int) -> None:
        broadcast = self._store.get(broadcast_id)
        if broadcast.status is not Status.SCHEDULED:
            return
        now = self._now()
        if not broadcast.urgent and self._quiet.contains(now):
            morning = self._quiet.next_send_time(now)
            self._store.reschedule(
                broadcast_id, morning, SCHEDULER.username, "postponed: quiet hours"
            )
            logger.info("broadcast %d postponed to %s (quiet hours)", broadcast_id, morning)
            self.sync()
            return
        self._store.move(broadcast_id, Status.SENDING, SCHEDULER)
        self._start_sending(broadcast_id)

    def _on_missed(self, event: JobExecutionEvent) -> None:
        # "broadcast-sync" shares the prefix: only "broadcast-<id>" jobs are broadcasts.
        rest = event.job_id.removeprefix(JOB_PREFIX)
        if not event.job_id.startswith(JOB_PREFIX) or not rest.isdigit():
            return
        broadcast_id = int(rest)
        logger.warning(
            "broadcast %d missed its time %s by more than %d s: not sent; reschedule it",
            broadcast_id, event.scheduled_run_time, self._grace,
        )  # fmt: skip
        try:
            self._store.record_event(broadcast_id, "missed", SCHEDULER.username)
            self._store.move(broadcast_id, Status.APPROVED, SCHEDULER)
        except Exception:
            logger.exception("broadcast %d: could not record the missed schedule", broadcast_id)


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
