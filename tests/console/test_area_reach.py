"""Reach by urban (phường) and rural (xã) area, against the 80 % / 60 % targets, with
residents entered per commune."""

import datetime as dt

import pytest

from broadcasts.communes import Commune
from console.area_reach import reach_by_area
from console.population import PopulationStore, create_population_table, read_population
from console.reports import ReportScope
from tests.console.report_support import COMMUNE_A, COMMUNE_B, Records, vietnam

YEAR = ReportScope(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
WARD = Commune(COMMUNE_B, "Phường Đoàn Kết", "Lai Châu")
RURAL = Commune(COMMUNE_A, "Xã Tà Tổng", "Lai Châu")
OTHER_RURAL = Commune("03309", "Xã Bản Bo", "Lai Châu")


@pytest.fixture
def records(tmp_path) -> Records:
    records = Records(tmp_path)
    for user, commune in (("u1", COMMUNE_B), ("u2", COMMUNE_B), ("u3", COMMUNE_A)):
        records.subscriber(user, commune)
        records.message(user, vietnam(2025, 5, 1))
    records.message("u4", vietnam(2025, 5, 1))  # never named a commune
    return records


def rows_by_area(table) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in table.rows}


def test_users_are_counted_by_urban_and_rural_area(records):
    rows = rows_by_area(reach_by_area(records.db, YEAR, [WARD, RURAL, OTHER_RURAL], {}))
    assert rows["Thành thị (phường)"][:2] == (1, 2)
    assert rows["Nông thôn (xã)"][:2] == (2, 1)
    assert rows["Chưa rõ xã, phường"][1] == 1
    # No population entered: no share, and no verdict against the target.
    assert rows["Nông thôn (xã)"][4:] == (None, 0.6, None)


def test_reach_is_a_share_of_the_residents_entered_against_the_targets(records):
    populations = {COMMUNE_B: 2, COMMUNE_A: 2}  # OTHER_RURAL has no figure yet
    rows = rows_by_area(reach_by_area(records.db, YEAR, [WARD, RURAL, OTHER_RURAL], populations))
    assert rows["Thành thị (phường)"][2:] == ("1/1", 2, 1.0, 0.8, "Đạt")
    assert rows["Nông thôn (xã)"][2:] == ("1/2", 2, 0.5, 0.6, "Chưa đạt")


def test_a_commune_official_sees_only_their_communes(records):
    scope = ReportScope(YEAR.start, YEAR.end, frozenset({COMMUNE_A}))
    rows = rows_by_area(reach_by_area(records.db, scope, [WARD, RURAL], {COMMUNE_A: 10}))
    assert rows["Thành thị (phường)"][:2] == (0, 0)
    assert rows["Nông thôn (xã)"][:5] == (1, 1, "1/1", 10, 0.1)


def test_populations_are_saved_changed_and_cleared(records):
    create_population_table(records.db)
    store = PopulationStore(records.database)
    assert store.save({COMMUNE_A: 1200, COMMUNE_B: None}, "admin") == 1
    assert store.save({COMMUNE_A: 1300}, "admin") == 1
    assert store.all() == {COMMUNE_A: 1300}
    store.save({COMMUNE_A: None}, "admin")
    assert store.all() == {}


@pytest.mark.parametrize(("typed", "read"), [("12.345", 12345), ("12 345", 12345), ("", None)])
def test_a_population_is_read_as_officers_type_it(typed, read):
    assert read_population(typed) == read


@pytest.mark.parametrize("typed", ["-5", "0", "mười", "99999999"])
def test_a_population_that_is_no_count_of_residents_is_refused(typed):
    with pytest.raises(ValueError):
        read_population(typed)
