"""The broadcast schedule: the broadcasts table polled by one job, on an injected clock."""

import datetime as dt
import threading
import time

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from broadcasts.model import Status
from broadcasts.routing import VIETNAM, QuietHours
from broadcasts.scheduling import POLL_JOB, POLL_SECONDS, BroadcastSchedule, stalled_broadcasts
from broadcasts.store import BroadcastStore
from server.database import Database
from tests.broadcasts.support import APPROVER, AUTHOR, Province, new_law
from tests.timing import Clock

NO_QUIET_HOURS = QuietHours(dt.time(0, 0), dt.time(0, 0))


@pytest.fixture
def province(tmp_path):
    province = Province(tmp_path / "schedule.db")
    province.subscriber("simulator", "sim-1")
    return province


def scheduled(province, at: dt.datetime, **changes) -> int:
    created = province.store.create(new_law(**changes), AUTHOR)
    province.store.move(created.id, Status.APPROVED, APPROVER)
    province.store.move(created.id, Status.SCHEDULED, AUTHOR, scheduled_at=at)
    return created.id


def in_an_hour() -> dt.datetime:
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)).replace(microsecond=0)


def schedule_of(province, clock, start_sending, grace_seconds=600, quiet=NO_QUIET_HOURS):
    return BroadcastSchedule(province.store, start_sending, quiet, grace_seconds, clock)


def sending_now(province, started: list[int] | None = None):
    """Sends in the caller's thread, as the background sender would in its own; notes
    each broadcast started in ``started``."""
    engine = province.engine()

    def start(broadcast_id: int) -> None:
        if started is not None:
            started.append(broadcast_id)
        engine.run(broadcast_id)

    return start


def test_a_scheduled_broadcast_is_sent_at_its_time_not_before(province):
    at = in_an_hour()
    broadcast_id = scheduled(province, at)
    clock = Clock(at - dt.timedelta(seconds=1))
    schedule = schedule_of(province, clock, sending_now(province))

    schedule.poll()
    assert province.store.get(broadcast_id).status is Status.SCHEDULED

    clock.set(at)
    schedule.poll()
    assert province.store.get(broadcast_id).status is Status.DONE
    assert province.deliveries(broadcast_id) == {"sim-1": ("sent", "simulator: no window")}


def test_the_schedule_survives_a_restart_because_it_is_the_table(province):
    at = in_an_hour()
    broadcast_id = scheduled(province, at)
    started: list[int] = []

    restarted = BroadcastStore(Database(province.database.path))  # a new process
    start = sending_now(province, started)
    BroadcastSchedule(restarted, start, NO_QUIET_HOURS, 600, Clock(at)).poll()

    assert started == [broadcast_id]
    assert province.store.get(broadcast_id).status is Status.DONE


def test_a_time_missed_within_the_grace_period_is_sent_once(province):
    at = in_an_hour()
    broadcast_id = scheduled(province, at)
    # The server was down at the scheduled time and comes back 20 s later.
    schedule = schedule_of(
        province, Clock(at + dt.timedelta(seconds=20)), sending_now(province), grace_seconds=600
    )

    schedule.poll()
    schedule.poll()

    assert province.store.get(broadcast_id).status is Status.DONE
    assert len(province.deliveries(broadcast_id)) == 1


def test_a_time_missed_beyond_the_grace_period_is_reported_not_sent(province):
    at = in_an_hour()
    broadcast_id = scheduled(province, at)
    started: list[int] = []

    schedule_of(province, Clock(at + dt.timedelta(hours=5)), started.append).poll()

    broadcast = province.store.get(broadcast_id)
    assert broadcast.status is Status.APPROVED
    assert [event for event, _, _ in broadcast.history][-2:] == ["missed", "approved"]
    assert broadcast.approved_by == "minh.tran"  # the approval stands
    assert started == [] and province.deliveries(broadcast_id) == {}


def next_vietnam_evening() -> dt.datetime:
    """The next 22:30 in Vietnam at least a minute away."""
    soon = dt.datetime.now(VIETNAM) + dt.timedelta(minutes=1)
    evening = soon.replace(hour=22, minute=30, second=0, microsecond=0)
    return evening if evening > soon else evening + dt.timedelta(days=1)


def test_quiet_hours_postpone_a_non_urgent_send_to_the_morning(province):
    evening = next_vietnam_evening()
    broadcast_id = scheduled(province, evening)
    urgent_id = scheduled(province, evening, urgent=True)
    started: list[int] = []
    clock = Clock(evening + dt.timedelta(seconds=3))
    schedule = schedule_of(province, clock, sending_now(province, started), quiet=QuietHours())

    schedule.poll()

    morning = (evening + dt.timedelta(days=1)).replace(hour=7, minute=0)
    postponed = province.store.get(broadcast_id)
    assert postponed.status is Status.SCHEDULED
    assert postponed.scheduled_at == morning
    assert postponed.history[-1][0] == "postponed: quiet hours"
    assert started == [urgent_id]
    assert province.store.get(urgent_id).status is Status.DONE

    clock.set(morning + dt.timedelta(seconds=3))
    schedule.poll()
    assert started == [urgent_id, broadcast_id]


def test_a_send_left_unfinished_by_a_stopped_process_is_resumed(province):
    broadcast_id = province.sending()
    province.database.db.execute(
        "UPDATE broadcasts SET lease_owner = 'gone', lease_until = ? WHERE id = ?",
        (time.time() - 5, broadcast_id),
    )

    schedule_of(province, time.time, sending_now(province)).poll()

    assert province.store.get(broadcast_id).status is Status.DONE
    assert province.deliveries(broadcast_id)["sim-1"][0] == "sent"


def test_a_cancelled_broadcast_is_not_sent_at_its_time(province):
    at = in_an_hour()
    broadcast_id = scheduled(province, at)
    province.store.move(broadcast_id, Status.CANCELLED, APPROVER)
    started: list[int] = []

    schedule_of(province, Clock(at), started.append).poll()

    assert started == [] and province.store.get(broadcast_id).status is Status.CANCELLED


def test_a_broadcast_is_started_once_however_many_processes_poll(province):
    at = in_an_hour()
    broadcast_id = scheduled(province, at)
    started: list[int] = []
    other_process = BroadcastStore(Database(province.database.path))

    start = sending_now(province, started)
    schedule_of(province, Clock(at), start).poll()
    BroadcastSchedule(other_process, start, NO_QUIET_HOURS, 600, Clock(at)).poll()

    assert started == [broadcast_id]
    assert len(province.deliveries(broadcast_id)) == 1


def test_a_send_just_started_by_the_cli_is_not_taken_over_before_its_lease(province):
    broadcast_id = province.sending()
    assert stalled_broadcasts(province.store, time.time) == []  # no lease yet: being started
    assert stalled_broadcasts(province.store, lambda: time.time() + 31) == [broadcast_id]


def test_the_installed_poll_runs_at_once_then_at_its_interval(province):
    broadcast_id = province.sending()
    province.database.db.execute(
        "UPDATE broadcasts SET lease_owner = 'gone', lease_until = ? WHERE id = ?",
        (time.time() - 5, broadcast_id),
    )
    resumed = threading.Event()
    scheduler = BackgroundScheduler(timezone="UTC")
    schedule_of(province, time.time, lambda _: resumed.set()).install(scheduler)
    scheduler.start()
    try:
        assert resumed.wait(5)
        assert scheduler.get_job(POLL_JOB).trigger.interval == dt.timedelta(seconds=POLL_SECONDS)
    finally:
        scheduler.shutdown(wait=False)
