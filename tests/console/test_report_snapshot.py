"""A page's reports read the period's messages once (a temporary snapshot) and give the
same figures as reading the inbox for each report."""

import datetime as dt

from console.answer_reports import satisfaction, top_unanswered
from console.reports import ReportScope, activity, answer_summary, snapshot
from tests.console.report_support import COMMUNE_A, COMMUNE_B, Records, vietnam

MARCH = ReportScope(dt.date(2025, 3, 1), dt.date(2025, 3, 31))


def populate(records: Records) -> None:
    records.subscriber("u1", COMMUNE_A)
    records.subscriber("u2", COMMUNE_B)
    for day in (2, 2, 9, 20):
        records.message("u1", vietnam(2025, 3, day, 9, day), faq_id="dang_ky_tam_tru")
    records.message("u2", vietnam(2025, 3, 3), fallback=1, text="hỏi linh tinh")
    records.message("u2", vietnam(2025, 3, 3, 9, 5), helpful=1, rated_faq_id="ly_hon")
    records.message("u1", vietnam(2025, 4, 1))  # outside the period


def figures(db, scope: ReportScope) -> tuple:
    return (
        answer_summary(db, scope),
        satisfaction(db, scope),
        activity(db, scope, "day"),
        top_unanswered(db, scope),
    )


def test_a_snapshot_gives_the_same_figures_as_the_inbox(tmp_path):
    records = Records(tmp_path)
    populate(records)
    commune_b = ReportScope(MARCH.start, MARCH.end, frozenset({COMMUNE_B}))
    for scope, messages, conversations in ((MARCH, 6, 4), (commune_b, 2, 1)):
        direct = figures(records.db, scope)
        with snapshot(records.db, scope) as shared:
            assert figures(records.db, shared) == direct
        assert (direct[0].messages, direct[0].conversations) == (messages, conversations)


def test_nested_snapshots_share_one_table_which_is_dropped_after(tmp_path):
    records = Records(tmp_path)
    populate(records)

    def temp_tables() -> list[str]:
        return [row[0] for row in records.db.execute(
            "SELECT name FROM sqlite_temp_master WHERE type = 'table'")]  # fmt: skip

    with snapshot(records.db, MARCH) as outer:
        with snapshot(records.db, outer) as inner:
            assert inner.snapshot == outer.snapshot
            assert len(temp_tables()) == 1
    assert temp_tables() == []
