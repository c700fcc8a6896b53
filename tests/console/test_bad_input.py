"""Malformed requests to the console get a clear 4xx page or the form back with the
reason, never a 500: forged ids, missing or absurd fields, oversized bodies."""

import pytest

from tests.console.web_support import ConsoleClient, create_notice

HUGE = "9" * 30
NASTY_FORMS = [
    {},
    {"kind": "bogus"},
    {"kind": "new_law", "title": "x" * 10_000, "communes": ["'; DROP TABLE broadcasts; --"]},
    {
        "kind": "local_notice",
        "effective_date": "2026-13-45",
        "audiences": "nobody",
        "channels": "fax",
        "at": "hôm qua",
        "answer": "",
        "question_id": HUGE,
    },  # fmt: skip
    {"kind": "local_notice", "question_id": "-1", "reason": "\x00", "password": "x"},
]
PATHS = [
    "/console/broadcasts", "/console/broadcasts/preview", "/console/broadcasts/{id}/edit",
    "/console/broadcasts/{id}/approve", "/console/broadcasts/{id}/schedule",
    "/console/broadcasts/{id}/send-now", "/console/broadcasts/{id}/cancel",
    "/console/questions/{id}/claim", "/console/questions/{id}/answer",
    "/console/questions/{id}/close", "/console/kb", "/console/kb/{id}",
    "/console/kb/{id}/approve", "/console/kb/{id}/reject", "/console/users",
    "/console/users/thu/bogus", "/console/login",
]  # fmt: skip


@pytest.mark.parametrize("form", NASTY_FORMS, ids=range(len(NASTY_FORMS)))
def test_malformed_forms_get_a_4xx_or_a_redirect_never_a_500(console_app, form):
    broadcast_id = create_notice(console_app, "lan", frozenset({"00070"}))
    client = ConsoleClient(console_app, "admin")
    for path in PATHS:
        for target in (str(broadcast_id), HUGE, "0"):
            status = client.post(path.format(id=target), form).status_code
            assert status < 500, (path, target, status)


@pytest.mark.parametrize(
    "path",
    [
        f"/console/broadcasts/{HUGE}",
        f"/console/questions/{HUGE}",
        f"/console/kb/{HUGE}",
        f"/console/kb/new?question={HUGE}",
        "/console/kb/new?question=abc",
        "/console/broadcasts/new?kind=bogus",
        "/console/reports/year/99999",
        "/console/reports?start=2026-99-01&end=x&granularity=week&channel=fax",
        "/console/questions?view=zzz&field=%00",
        "/console/broadcasts?status=zzz",
        "/console/audit?action=zzz&actor=" + "x" * 500,
    ],  # fmt: skip
)
def test_malformed_urls_get_a_clear_page(console_app, path):
    response = ConsoleClient(console_app, "admin").get(path)
    assert response.status_code in (200, 400, 404), response.status_code
    if response.status_code != 200:
        assert "Về trang tổng quan" in response.get_data(as_text=True)


def test_an_oversized_form_gets_413(console_app):
    client = ConsoleClient(console_app, "admin")
    response = client.post("/console/broadcasts", {"kind": "local_notice", "body": "x" * 3_000_000})
    assert response.status_code == 413


def test_report_dates_outside_the_range_or_malformed_get_400_with_a_message(as_officer):
    thu = as_officer("thu")
    for query in ("start=9999-12-31", "end=9999-12-31", "start=0001-01-01", "start=2026-13-45"):
        for path in ("/console/reports", "/console/reports/activity-day.csv"):
            response = thu.get(f"{path}?{query}")
            assert response.status_code == 400, (path, query)
            assert "ngày" in response.get_data(as_text=True)
    assert thu.get("/console/reports?start=2026-01-01&end=2026-01-31").status_code == 200
