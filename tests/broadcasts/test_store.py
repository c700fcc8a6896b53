import datetime as dt

import pytest

from broadcasts.model import Broadcast, Kind, Status
from broadcasts.schema import create_broadcast_tables
from broadcasts.store import BroadcastStore
from kernel.identity import Officer, Role
from kernel.rules import RuleViolation
from server.database import Database

NOW = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)
AUTHOR = Officer("thu.nguyen", Role.COMMUNICATION_OFFICER)
APPROVER = Officer("minh.tran", Role.COMMUNICATION_OFFICER)
DRAFT = Broadcast(
    kind=Kind.NEW_LAW,
    title="Luật Việc làm 2025 có hiệu lực",
    body="Người lao động có hợp đồng từ 1 tháng được tham gia bảo hiểm thất nghiệp.",
    author="thu.nguyen",
    document_number="74/2025/QH15",
    effective_date=dt.date(2026, 1, 1),
    audiences=frozenset({"workers"}),
)


@pytest.fixture
def store(tmp_path):
    database = Database(tmp_path / "broadcasts.db")
    create_broadcast_tables(database.db)
    return BroadcastStore(database, now=lambda: NOW)


def test_a_broadcast_round_trips_with_its_history(store):
    created = store.create(DRAFT, AUTHOR)
    assert created.id is not None
    assert (created.title, created.document_number, created.audiences) == (
        DRAFT.title,
        "74/2025/QH15",
        frozenset({"workers"}),
    )
    approved = store.move(created.id, Status.APPROVED, APPROVER)
    scheduled = store.move(
        created.id, Status.SCHEDULED, AUTHOR, scheduled_at=NOW + dt.timedelta(hours=3)
    )
    assert approved.approved_by == "minh.tran"
    assert scheduled.scheduled_at == NOW + dt.timedelta(hours=3)
    assert [(status, actor) for status, actor, _ in scheduled.history] == [
        ("draft", "thu.nguyen"),
        ("approved", "minh.tran"),
        ("scheduled", "thu.nguyen"),
    ]


def test_a_schedule_in_the_past_is_refused(store):
    created = store.create(DRAFT, AUTHOR)
    store.move(created.id, Status.APPROVED, APPROVER)
    with pytest.raises(RuleViolation, match="tương lai"):
        store.move(created.id, Status.SCHEDULED, AUTHOR, scheduled_at=NOW - dt.timedelta(1))


def test_rules_are_enforced_by_the_store_not_only_by_forms(store):
    created = store.create(DRAFT, AUTHOR)
    with pytest.raises(RuleViolation):
        store.move(created.id, Status.APPROVED, AUTHOR)
    official = Officer("xa.tatong", Role.COMMUNE_OFFICIAL, frozenset({"03301"}))
    with pytest.raises(RuleViolation):
        store.create(DRAFT, official)
    assert store.get(created.id).status is Status.DRAFT


def test_listing_filters_by_status_and_unknown_ids_are_reported(store):
    first = store.create(DRAFT, AUTHOR)
    store.create(DRAFT, AUTHOR)
    store.move(first.id, Status.APPROVED, APPROVER)
    assert [b.id for b in store.list(Status.APPROVED)] == [first.id]
    assert len(store.list()) == 2
    with pytest.raises(LookupError):
        store.get(999)
