import datetime as dt

import pytest

from broadcasts.routing import QuietHours, Recipient, Route, route_for
from kernel.outcomes import DeliveryReason

NOW = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.timezone.utc)  # 10:00 in Vietnam


def ago(**delta) -> dt.datetime:
    return NOW - dt.timedelta(**delta)


@pytest.mark.parametrize(
    ("channel", "last", "paid", "expected"),
    [
        ("facebook", ago(hours=23, minutes=59), False, Route.SEND),
        ("facebook", ago(hours=24), False, Route.HOLD),
        ("facebook", None, False, Route.HOLD),
        ("zalo", ago(hours=47), False, Route.SEND),
        ("zalo", ago(hours=49), False, Route.HOLD),
        ("zalo", ago(hours=49), True, Route.SEND_PAID),
        ("zalo", ago(days=6, hours=23), True, Route.SEND_PAID),
        ("zalo", ago(days=7), True, Route.HOLD),
        ("zalo", None, True, Route.HOLD),
        ("simulator", None, False, Route.SEND),
    ],
)
def test_each_platforms_window_decides_the_route(channel, last, paid, expected):
    decision = route_for(Recipient(channel, last), NOW, zalo_paid_enabled=paid)
    assert decision.route is expected
    assert decision.reason.startswith(channel)


def test_unreachable_users_are_skipped_whatever_the_window():
    decision = route_for(Recipient("zalo", ago(hours=1), unreachable=True), NOW)
    assert decision.route is Route.SKIP


def test_quiet_hours_postpone_to_seven_in_the_morning_vietnam_time():
    quiet = QuietHours()
    evening = dt.datetime(2026, 11, 23, 15, 30, tzinfo=dt.timezone.utc)  # 22:30 in Vietnam
    assert quiet.contains(evening)
    assert quiet.next_send_time(evening) == dt.datetime(2026, 11, 24, 0, 0, tzinfo=dt.timezone.utc)
    early = dt.datetime(2026, 11, 23, 22, 0, tzinfo=dt.timezone.utc)  # 05:00 next day
    assert quiet.next_send_time(early) == dt.datetime(2026, 11, 24, 0, 0, tzinfo=dt.timezone.utc)
    assert quiet.next_send_time(NOW) == NOW
    assert quiet.next_send_time(evening, urgent=True) == evening


def test_quiet_hours_postpone_only_what_is_not_urgent_and_falls_in_them():
    quiet = QuietHours()
    evening = dt.datetime(2026, 11, 23, 15, 30, tzinfo=dt.timezone.utc)  # 22:30 in Vietnam
    morning = dt.datetime(2026, 11, 24, 0, 0, tzinfo=dt.timezone.utc)  # 07:00 in Vietnam
    assert quiet.postponed_to(evening, urgent=False) == morning
    assert quiet.postponed_to(evening, urgent=True) is None
    assert quiet.postponed_to(morning, urgent=False) is None


@pytest.mark.parametrize(
    ("channel", "last", "paid", "expected"),
    [
        ("facebook", ago(hours=1), False, DeliveryReason.IN_WINDOW),
        ("zalo", ago(hours=49), True, DeliveryReason.IN_WINDOW),
        ("zalo", ago(hours=49), False, DeliveryReason.WINDOW_NOT_ENABLED),
        ("zalo", ago(days=8), True, DeliveryReason.OUTSIDE_WINDOWS),
        ("facebook", ago(hours=25), False, DeliveryReason.OUTSIDE_WINDOWS),
    ],
)
def test_each_route_carries_the_code_of_the_windows_verdict(channel, last, paid, expected):
    decision = route_for(Recipient(channel, last), NOW, zalo_paid_enabled=paid)
    assert decision.code is expected


def test_unreachable_and_unknown_recipients_have_their_own_codes():
    blocked = route_for(Recipient("zalo", ago(hours=1), unreachable=True), NOW)
    unknown = route_for(Recipient("telegram", ago(hours=1)), NOW)
    assert (blocked.code, unknown.code) == (
        DeliveryReason.UNREACHABLE,
        DeliveryReason.UNKNOWN_CHANNEL,
    )
