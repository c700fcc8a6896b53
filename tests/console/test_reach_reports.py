import datetime as dt

import pytest

from bot.audiences import AUDIENCE_LABELS
from broadcasts.deliveries import DeliveryStore
from console.reach_reports import broadcast_reach, subscribers_by_audience, subscribers_by_commune
from console.reports import ReportScope
from tests.console.report_support import (
    COMMUNE_A,
    COMMUNE_B,
    COMMUNE_NAMES,
    Records,
    vietnam,
)

MARCH = ReportScope(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
ONLY_B = ReportScope(MARCH.start, MARCH.end, communes=frozenset({COMMUNE_B}))
UTC = dt.timezone.utc


@pytest.fixture
def records(tmp_path) -> Records:
    return Records(tmp_path)


def test_active_subscribers_are_counted_per_commune_and_channel(records):
    records.subscriber("a1", COMMUNE_A, "zalo")
    records.subscriber("a2", COMMUNE_A, "facebook")
    records.subscriber("a3", COMMUNE_A, "simulator")
    records.subscriber("b1", COMMUNE_B, "zalo")
    records.subscriber("b2", COMMUNE_B, "zalo", status="unsubscribed")
    records.subscriber("b3", COMMUNE_B, "facebook", status="unreachable")

    table = subscribers_by_commune(records.db, MARCH, COMMUNE_NAMES)

    assert table.rows == (
        (COMMUNE_A, "Xã Tà Tổng", 1, 1, 1, 3),
        (COMMUNE_B, "Xã Tân Phong", 1, 0, 0, 1),
    )


def test_subscribers_of_other_communes_are_left_out_of_a_commune_scope(records):
    records.subscriber("a1", COMMUNE_A)
    records.subscriber("b1", COMMUNE_B)

    assert [row[0] for row in subscribers_by_commune(records.db, ONLY_B, {}).rows] == [COMMUNE_B]


def test_a_subscriber_counts_in_each_of_their_audiences_and_every_audience_is_listed(records):
    records.subscriber("a1", COMMUNE_A, "zalo", audiences=("general_public", "farmers"))
    records.subscriber("a2", COMMUNE_A, "facebook", audiences=("farmers",))
    records.subscriber("a3", COMMUNE_A, status="unsubscribed", audiences=("farmers",))

    rows = {
        row[0]: row[1:] for row in subscribers_by_audience(records.db, MARCH, AUDIENCE_LABELS).rows
    }

    assert len(rows) == len(AUDIENCE_LABELS)
    assert rows["Nông dân"] == (1, 1, 0, 2)
    assert rows["Người dân nói chung"] == (1, 0, 0, 1)
    assert rows["Học sinh, sinh viên"] == (0, 0, 0, 0)


class Province:
    """Two communes' subscribers; three broadcasts that started sending in March 2025, a
    draft and one sent in February."""

    def __init__(self, records: Records) -> None:
        self.a1 = records.subscriber("a1", COMMUNE_A, "zalo")
        self.a2 = records.subscriber("fb-a2", COMMUNE_A, "facebook")
        self.b1 = records.subscriber("b1", COMMUNE_B, "zalo")
        self.b2 = records.subscriber("b2", COMMUNE_B, "zalo")
        sent_at = vietnam(2025, 3, 10, 9, 5)
        self.province_wide = records.broadcast(
            "Luật Việc làm", dt.datetime(2025, 3, 10, 2, tzinfo=UTC)
        )
        for subscriber, status in (
            (self.a1, "sent"),
            (self.a2, "sent"),
            (self.b1, "released"),
            (self.b2, "failed"),
        ):
            records.delivery(self.province_wide, subscriber, status, sent_at)
        records.read_receipt("fb-a2", sent_at + 60)
        self.commune_a = records.broadcast(
            "Lịch tiêm chủng",
            dt.datetime(2025, 3, 12, 2, tzinfo=UTC),
            [COMMUNE_A],
            kind="local_notice",
        )
        records.delivery(self.commune_a, self.a1, "sent", sent_at)
        records.delivery(self.commune_a, self.a2, "held")
        self.legacy = records.broadcast(
            "Tin cũ", None, [COMMUNE_B], created_at=vietnam(2025, 3, 20), channels=("zalo",)
        )
        records.broadcast("Bản nháp", None, status="draft", created_at=vietnam(2025, 3, 21))
        records.broadcast("Tin tháng hai", dt.datetime(2025, 2, 27, 2, tzinfo=UTC))


def test_broadcast_reach_counts_each_broadcast_started_in_the_period(records):
    province = Province(records)

    table = broadcast_reach(records.db, MARCH)

    assert table.rows == (
        (
            province.province_wide,
            "Luật Việc làm",
            "Luật mới",
            "Đã gửi xong",
            4,
            2,
            1,
            0,
            1,
            1,
            0.75,
        ),
        (
            province.commune_a,
            "Lịch tiêm chủng",
            "Thông báo của xã",
            "Đã gửi xong",
            2,
            1,
            0,
            1,
            0,
            0,
            0.5,
        ),
        (province.legacy, "Tin cũ", "Luật mới", "Đã gửi xong", 0, 0, 0, 0, 0, 0, None),
    )


def test_broadcast_reach_agrees_with_the_delivery_store(records):
    province = Province(records)
    statistics = DeliveryStore(records.database).statistics(province.province_wide)

    row = broadcast_reach(records.db, MARCH).rows[0]

    assert row[4:10] == tuple(
        statistics[key]
        for key in ("targeted", "sent", "released_in_digest", "held", "failed", "read")
    )


def test_a_commune_sees_province_wide_broadcasts_with_its_own_deliveries_only(records):
    province = Province(records)

    table = broadcast_reach(records.db, ONLY_B)

    assert [row[:2] + row[4:] for row in table.rows] == [
        (province.province_wide, "Luật Việc làm", 2, 0, 1, 0, 1, 0, 0.5),
        (province.legacy, "Tin cũ", 0, 0, 0, 0, 0, 0, None),
    ]


def test_a_channel_scope_counts_only_that_channel_broadcasts_and_deliveries(records):
    province = Province(records)
    scope = ReportScope(MARCH.start, MARCH.end, channel="facebook")

    rows = broadcast_reach(records.db, scope).rows

    assert [(row[0], row[4], row[9]) for row in rows] == [
        (province.province_wide, 1, 1),
        (province.commune_a, 1, 0),
    ]


def test_a_broadcast_belongs_to_the_month_of_its_first_sending(records):
    broadcast_id = records.broadcast(
        "Tạm dừng rồi gửi tiếp", dt.datetime(2025, 2, 28, 2, tzinfo=UTC)
    )
    records.event(broadcast_id, "sending", dt.datetime(2025, 3, 2, 2, tzinfo=UTC))

    assert broadcast_reach(records.db, MARCH).rows == ()
