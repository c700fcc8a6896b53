import pytest

from broadcasts.communes import parse_communes_csv
from broadcasts.model import Broadcast, Kind
from broadcasts.schema import create_subscriber_tables
from broadcasts.subscribers import SqliteSubscriptions
from broadcasts.targeting import iter_targets, target_query
from server.database import Database

COMMUNES = parse_communes_csv(
    "code,name,province\n03301,Xã Tà Tổng,Lai Châu\n03302,Xã Tân Phong,Lai Châu\n"
)


@pytest.fixture
def database(tmp_path):
    database = Database(tmp_path / "targets.db")
    create_subscriber_tables(database.db)
    store = SqliteSubscriptions(database, COMMUNES)
    store.subscribe("zalo", "z1", "03301", ("farmers",))
    store.subscribe("zalo", "z2", "03302", ("farmers", "workers"))
    store.subscribe("facebook", "f1", "03301", ("workers",))
    store.subscribe("facebook", "f2", "03301", ("general_public",))
    store.subscribe("zalo", "z3", "03301", ("farmers",))
    store.unsubscribe("zalo", "z3")
    return database


def users(database, **targets) -> set[str]:
    broadcast = Broadcast(Kind.NEW_LAW, "T", "B", "a", **targets)
    return {target.user_id for target in iter_targets(database, broadcast, page_size=2)}


def test_targets_are_communes_by_audiences_by_channels_and_only_active(database):
    assert users(database, audiences=frozenset({"farmers"})) == {"z1", "z2"}
    assert users(
        database, audiences=frozenset({"farmers", "workers"}), target_communes=frozenset({"03301"})
    ) == {"z1", "f1"}
    assert users(database, audiences=frozenset({"workers"}), channels=frozenset({"facebook"})) == {
        "f1"
    }
    assert users(database, audiences=frozenset({"students"})) == set()


@pytest.mark.parametrize("communes", [frozenset({"03301"}), None])
def test_pages_follow_an_index_without_sorting_or_scanning_the_table(database, communes):
    broadcast = Broadcast(
        Kind.NEW_LAW, "T", "B", "a", audiences=frozenset({"farmers"}), target_communes=communes
    )
    sql, parameters = target_query(broadcast)
    plan = database.db.execute(f"EXPLAIN QUERY PLAN {sql}", [0, *parameters, 10]).fetchall()
    details = [row[-1] for row in plan]
    assert details[0].startswith("SEARCH s USING INDEX subscribers_active_by_id")
    assert not any("TEMP B-TREE" in step for step in details)
