"""The scheduler with its persistent job store in the project's SQLite file."""

import datetime as dt
import time

import pytest
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from broadcasts.model import Status
from broadcasts.routing import VIETNAM, QuietHours
from broadcasts.scheduling import (
    JOBSTORE,
    BackgroundSender,
    BroadcastScheduler,
    sqlite_jobstore,
    stalled_broadcasts,
)
from tests.broadcasts.support import APPROVER, AUTHOR, Province, new_law


@pytest.fixture
def province(tmp_path):
    province = Province(tmp_path / "schedule.db")
    province.subscriber("simulator", "sim-1")
    return province


def scheduled(province, seconds_ahead: float, **changes) -> int:
    created = province.store.create(new_law(**changes), AUTHOR)

    province.store.move(created.id, Status.APPROVED, APPROVER)
    at = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=seconds_ahead)
    province.store.move(created.id, Status.SCHEDULED, AUTHOR, scheduled_at=at)
    return created.id


def start(province, grace_seconds=60, now=None, started=None):
    scheduler = BackgroundScheduler(
        timezone="UTC",
        jobstores={"default": MemoryJobStore(), JOBSTORE: sqlite_jobstore(province.database.path)},
    )
    sender = BackgroundSender(province.engine())
    broadcast_scheduler = BroadcastScheduler(
        scheduler,
        province.store,
        started.append if started is not None else sender.start,
        QuietHours(dt.time(0, 0), dt.time(0, 0)),  # no quiet hours unless a test sets them
        grace_seconds,
        **({"now": now} if now else {}),
        resume_stalled=lambda: stalled_broadcasts(province.store, time.time),
    )
    broadcast_scheduler.install()
    scheduler.start()
    return scheduler, broadcast_scheduler


def wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def stop(scheduler, broadcast_scheduler):
    scheduler.shutdown(wait=False)
    broadcast_scheduler.uninstall()


def test_a_scheduled_broadcast_is_sent_at_its_time(province):
    broadcast_id = scheduled(province, 1.0)
    scheduler, broadcasts = start(province)
    try:
        assert province.store.get(broadcast_id).status is Status.SCHEDULED
        assert wait_for(lambda: province.store.get(broadcast_id).status is Status.DONE)
    finally:
        stop(scheduler, broadcasts)
    assert province.deliveries(broadcast_id) == {"sim-1": ("sent", "simulator: no window")}


def test_scheduled_jobs_survive_a_restart_in_the_sqlite_file(province):
    broadcast_id = scheduled(province, 7200)
    scheduler, broadcasts = start(province)
    assert wait_for(lambda: scheduler.get_job(f"broadcast-{broadcast_id}", JOBSTORE) is not None)
    stop(scheduler, broadcasts)

    restarted = BackgroundScheduler(
        timezone="UTC", jobstores={JOBSTORE: sqlite_jobstore(province.database.path)}
    )
    restarted.start(paused=True)
    try:
        job = restarted.get_job(f"broadcast-{broadcast_id}", JOBSTORE)
        assert job is not None
        assert job.next_run_time == province.store.get(broadcast_id).scheduled_at
    finally:
        restarted.shutdown(wait=False)


def test_a_time_missed_within_the_grace_period_is_sent_once(province):
    broadcast_id = scheduled(province, 3600)
    late = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=20)).isoformat()
    province.database.db.execute(  # the server was down at the scheduled time
        "UPDATE broadcasts SET scheduled_at = ? WHERE id = ?", (late, broadcast_id)
    )
    scheduler, broadcasts = start(province, grace_seconds=600)
    try:
        assert wait_for(lambda: province.store.get(broadcast_id).status is Status.DONE)
        broadcasts.sync()
    finally:
        stop(scheduler, broadcasts)
    assert len(province.deliveries(broadcast_id)) == 1


def test_a_time_missed_beyond_the_grace_period_is_reported_not_sent(province):
    broadcast_id = scheduled(province, 3600)
    late = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=5)).isoformat()
    province.database.db.execute(
        "UPDATE broadcasts SET scheduled_at = ? WHERE id = ?", (late, broadcast_id)
    )
    scheduler, broadcasts = start(province, grace_seconds=600)
    try:
        assert wait_for(lambda: province.store.get(broadcast_id).status is Status.APPROVED)
    finally:
        stop(scheduler, broadcasts)
    broadcast = province.store.get(broadcast_id)
    assert [event for event, _, _ in broadcast.history][-2:] == ["missed", "approved"]
    assert broadcast.approved_by == "minh.tran"  # the approval stands
    assert province.deliveries(broadcast_id) == {}


def test_quiet_hours_postpone_a_non_urgent_send_to_the_morning(province):
    broadcast_id = scheduled(province, 3600)
    urgent_id = scheduled(province, 3600, urgent=True)
    late_evening = dt.datetime(2026, 11, 23, 22, 30, tzinfo=VIETNAM)
    started: list[int] = []
    scheduler = BackgroundScheduler(timezone="UTC")
    broadcasts = BroadcastScheduler(
        scheduler, province.store, started.append, QuietHours(), 600, now=lambda: late_evening
    )

    broadcasts.fire(broadcast_id)
    broadcasts.fire(urgent_id)

    postponed = province.store.get(broadcast_id)
    assert postponed.status is Status.SCHEDULED
    assert postponed.scheduled_at == dt.datetime(2026, 11, 24, 7, 0, tzinfo=VIETNAM)
    assert postponed.history[-1][0] == "postponed: quiet hours"
    assert started == [urgent_id]
    assert province.store.get(urgent_id).status is Status.SENDING


def test_a_send_left_unfinished_by_a_stopped_process_is_resumed(province):
    created = province.store.create(new_law(), AUTHOR)

    province.store.move(created.id, Status.APPROVED, APPROVER)
    province.store.move(created.id, Status.SENDING, APPROVER)
    province.database.db.execute(
        "UPDATE broadcasts SET lease_owner = 'gone', lease_until = ? WHERE id = ?",
        (time.time() - 5, created.id),
    )
    scheduler, broadcasts = start(province)
    try:
        assert wait_for(lambda: province.store.get(created.id).status is Status.DONE)
    finally:
        stop(scheduler, broadcasts)
    assert province.deliveries(created.id)["sim-1"][0] == "sent"


def test_cancelling_a_scheduled_broadcast_removes_its_job(province):
    broadcast_id = scheduled(province, 7200)
    scheduler, broadcasts = start(province)
    try:
        assert wait_for(lambda: scheduler.get_job(f"broadcast-{broadcast_id}", JOBSTORE))

        province.store.move(broadcast_id, Status.CANCELLED, APPROVER)
        broadcasts.sync()
        assert scheduler.get_job(f"broadcast-{broadcast_id}", JOBSTORE) is None
    finally:
        stop(scheduler, broadcasts)


def test_a_send_just_started_by_the_cli_is_not_taken_over_before_its_lease(province):
    broadcast_id = province.sending()
    assert stalled_broadcasts(province.store, time.time) == []  # no lease yet: being started
    assert stalled_broadcasts(province.store, lambda: time.time() + 31) == [broadcast_id]


def test_a_missed_run_of_the_sync_job_is_not_taken_for_a_broadcast(province):
    from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent

    scheduler, broadcasts = start(province)
    try:
        missed = JobExecutionEvent(
            EVENT_JOB_MISSED, "broadcast-sync", "default", dt.datetime.now(dt.timezone.utc)
        )
        broadcasts._on_missed(missed)  # raised ValueError before: "sync" is no broadcast id
    finally:
        stop(scheduler, broadcasts)
