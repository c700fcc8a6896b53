"""Composing, previewing, approving, scheduling, sending and cancelling broadcasts from
the console, with the engine's rules (a second person approves) enforced."""

import datetime as dt

from broadcasts.model import Broadcast, Kind, Status
from broadcasts.routing import VIETNAM
from broadcasts.scheduling import BroadcastSchedule
from kernel.identity import Officer, Role
from server.services import services_of
from tests.console.web_support import HOAN_KIEM, ConsoleClient
from tests.timing import wait_until

NOTICE = {
    "kind": "local_notice",
    "title": "Lịch tiêm chủng tháng 12",
    "body": "Trạm y tế phường tiêm vắc xin sởi cho trẻ từ 9 tháng tuổi vào sáng thứ Bảy.",
    "communes": HOAN_KIEM,
    "audiences": "general_public",
    "channels": "simulator",
}
LAW = {
    "kind": "new_law",
    "title": "Luật Việc làm 2025 có hiệu lực",
    "document_number": "74/2025/QH15",
    "effective_date": "2026-01-01",
    "body": "Người làm việc theo hợp đồng từ đủ 1 tháng tham gia bảo hiểm thất nghiệp.",
    "scope": "province",
    "audiences": ["workers", "general_public"],
    "channels": ["zalo", "facebook", "simulator"],
}


def broadcast_of(app, broadcast_id: int):
    return app.extensions["console"].broadcasts.get(broadcast_id)


def wait_until_sent(app, broadcast_id: int) -> None:
    """Until the send that "send now" started on its own thread is done."""
    wait_until(
        lambda: broadcast_of(app, broadcast_id).status is Status.DONE, what="the send to finish"
    )


def created_id(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def subscribe(app, user_id: str, commune: str = HOAN_KIEM) -> None:
    services_of(app).subscriptions.subscribe("simulator", user_id, commune, ("general_public",))


def test_a_commune_official_composes_a_notice_as_a_draft(console_app):
    client = ConsoleClient(console_app, "lan")
    broadcast_id = created_id(client.post("/console/broadcasts", NOTICE))
    stored = broadcast_of(console_app, broadcast_id)
    assert stored.status is Status.DRAFT and stored.author == "lan"
    assert stored.target_communes == frozenset({HOAN_KIEM})
    page = client.get(f"/console/broadcasts/{broadcast_id}").get_data(as_text=True)
    assert "Trạm y tế phường tiêm vắc xin sởi" in page
    assert "Một cán bộ khác cần duyệt tin này." in page


def test_the_preview_shows_both_platforms_the_length_and_the_reach(console_app):
    subscribe(console_app, "u1")
    subscribe(console_app, "u2")
    subscribe(console_app, "u3", "00004")  # another commune: not reached
    client = ConsoleClient(console_app, "thu")
    preview = client.post("/console/broadcasts/preview", NOTICE).get_json()
    assert [p["platform"] for p in preview["platforms"]] == ["zalo", "facebook"]
    assert preview["platforms"][0]["parts"][0].startswith("Lịch tiêm chủng tháng 12")
    assert preview["length"] == len(preview["text"]) and preview["limit"] == 1900
    assert preview["reach"] == {"simulator": 2} and preview["reach_total"] == 2
    too_long = client.post("/console/broadcasts/preview", NOTICE | {"body": "Dài. " * 500})
    assert any("vượt giới hạn" in problem for problem in too_long.get_json()["problems"])


def test_the_preview_needs_the_csrf_header_or_field(console_app):
    client = ConsoleClient(console_app, "thu")
    assert client.post("/console/broadcasts/preview", NOTICE, csrf=False).status_code == 400
    token = client.token()
    response = client.http.post(
        "/console/broadcasts/preview", data=NOTICE, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200


def test_the_author_cannot_approve_but_a_second_officer_can(console_app):
    author = ConsoleClient(console_app, "thu")
    broadcast_id = created_id(author.post("/console/broadcasts", LAW))
    refused = author.post(f"/console/broadcasts/{broadcast_id}/approve", follow_redirects=True)
    assert "không được tự duyệt" in refused.get_data(as_text=True)
    assert broadcast_of(console_app, broadcast_id).status is Status.DRAFT
    ConsoleClient(console_app, "minh").post(f"/console/broadcasts/{broadcast_id}/approve")
    approved = broadcast_of(console_app, broadcast_id)
    assert approved.status is Status.APPROVED and approved.approved_by == "minh"


def test_an_incomplete_draft_is_saved_but_cannot_be_approved(console_app):
    author = ConsoleClient(console_app, "thu")
    broadcast_id = created_id(author.post("/console/broadcasts", LAW | {"body": ""}))
    listed = author.get("/console/broadcasts").get_data(as_text=True)
    assert "Cần hoàn thiện" in listed
    response = ConsoleClient(console_app, "minh").post(
        f"/console/broadcasts/{broadcast_id}/approve", follow_redirects=True
    )
    assert "Thiếu nội dung tóm tắt." in response.get_data(as_text=True)
    assert broadcast_of(console_app, broadcast_id).status is Status.DRAFT


def test_a_feed_draft_is_completed_then_approved(console_app):
    # What the feed importer writes: a draft with a number and no summary yet.
    feed = Officer("system:feeds", Role.ADMINISTRATOR)
    draft = console_app.extensions["console"].broadcasts.create(
        Broadcast(
            Kind.NEW_LAW,
            "Nghị định 282/2025/NĐ-CP",
            "",
            feed.username,
            document_number="282/2025/NĐ-CP",
        ),  # fmt: skip
        feed,
    )
    officer = ConsoleClient(console_app, "thu")
    form = officer.get(f"/console/broadcasts/{draft.id}/edit").get_data(as_text=True)
    assert "282/2025/NĐ-CP" in form
    saved = officer.post(
        f"/console/broadcasts/{draft.id}/edit",
        LAW
        | {
            "title": "Nghị định 282/2025/NĐ-CP về xử phạt",
            "document_number": "282/2025/NĐ-CP",
            "body": "Mức phạt mới cho vi phạm về an ninh trật tự.",
        },  # fmt: skip
    )
    assert saved.status_code == 303
    ConsoleClient(console_app, "minh").post(f"/console/broadcasts/{draft.id}/approve")
    assert broadcast_of(console_app, draft.id).status is Status.APPROVED


def test_scheduling_takes_vietnam_time_and_the_schedule_sends_it_then(console_app):
    broadcast_id = created_id(ConsoleClient(console_app, "lan").post("/console/broadcasts", NOTICE))
    officer = ConsoleClient(console_app, "hoa")
    officer.post(f"/console/broadcasts/{broadcast_id}/approve")
    at = (dt.datetime.now(VIETNAM) + dt.timedelta(days=1)).replace(second=0, microsecond=0)
    officer.post(
        f"/console/broadcasts/{broadcast_id}/schedule", {"at": at.strftime("%Y-%m-%dT%H:%M")}
    )
    scheduled = broadcast_of(console_app, broadcast_id)
    assert scheduled.status is Status.SCHEDULED
    assert scheduled.scheduled_at == at.astimezone(dt.timezone.utc)
    services = services_of(console_app)
    started: list[int] = []
    quiet = services.settings.broadcasts.quiet_hours
    BroadcastSchedule(services.broadcasts, started.append, quiet, 600, at.timestamp).poll()
    assert broadcast_of(console_app, broadcast_id).status is Status.SENDING
    assert set(started) == {broadcast_id}


def test_a_time_in_the_past_is_refused(console_app):
    broadcast_id = created_id(ConsoleClient(console_app, "lan").post("/console/broadcasts", NOTICE))
    officer = ConsoleClient(console_app, "hoa")
    officer.post(f"/console/broadcasts/{broadcast_id}/approve")
    response = officer.post(
        f"/console/broadcasts/{broadcast_id}/schedule", {"at": "2020-01-01T08:00"},
        follow_redirects=True,
    )  # fmt: skip
    assert "Giờ gửi phải ở tương lai." in response.get_data(as_text=True)
    assert broadcast_of(console_app, broadcast_id).status is Status.APPROVED


def test_send_now_delivers_and_the_progress_shows_it(console_app):
    subscribe(console_app, "u1")
    subscribe(console_app, "u2")
    broadcast_id = created_id(ConsoleClient(console_app, "lan").post("/console/broadcasts", NOTICE))
    officer = ConsoleClient(console_app, "hoa")
    officer.post(f"/console/broadcasts/{broadcast_id}/approve")
    officer.post(f"/console/broadcasts/{broadcast_id}/send-now")
    wait_until_sent(console_app, broadcast_id)
    progress = officer.get(f"/console/broadcasts/{broadcast_id}/progress").get_json()
    assert (progress["status"], progress["targeted"], progress["sent"]) == ("done", 2, 2)
    history = [event for event, _, _ in broadcast_of(console_app, broadcast_id).history]
    assert history == ["draft", "approved", "sending", "done"]


def test_quiet_hours_stop_a_non_urgent_send_now(make_console):
    app = make_console(QUIET_HOURS="00:00-23:59")
    broadcast_id = created_id(ConsoleClient(app, "lan").post("/console/broadcasts", NOTICE))
    officer = ConsoleClient(app, "hoa")
    officer.post(f"/console/broadcasts/{broadcast_id}/approve")
    refused = officer.post(f"/console/broadcasts/{broadcast_id}/send-now", follow_redirects=True)
    assert "giờ yên lặng" in refused.get_data(as_text=True)
    assert broadcast_of(app, broadcast_id).status is Status.APPROVED


def test_cancel_stops_a_scheduled_broadcast(console_app):
    broadcast_id = created_id(ConsoleClient(console_app, "lan").post("/console/broadcasts", NOTICE))
    officer = ConsoleClient(console_app, "hoa")
    officer.post(f"/console/broadcasts/{broadcast_id}/approve")
    officer.post(f"/console/broadcasts/{broadcast_id}/cancel")
    assert broadcast_of(console_app, broadcast_id).status is Status.CANCELLED
    actions = [e.action for e in console_app.extensions["console"].audit.entries(actor="hoa")]
    assert actions[:2] == ["broadcast_cancel", "broadcast_approve"]


def test_delivery_reasons_are_shown_in_vietnamese(console_app):
    # Facebook is not configured in this app: its subscriber is skipped, with the reason.
    services_of(console_app).subscriptions.subscribe(
        "facebook", "PSID-9", HOAN_KIEM, ("general_public",)
    )
    broadcast_id = created_id(
        ConsoleClient(console_app, "lan").post(
            "/console/broadcasts", NOTICE | {"channels": "facebook"}
        )
    )
    officer = ConsoleClient(console_app, "hoa")
    officer.post(f"/console/broadcasts/{broadcast_id}/approve")
    officer.post(f"/console/broadcasts/{broadcast_id}/send-now")
    wait_until_sent(console_app, broadcast_id)
    page = officer.get(f"/console/broadcasts/{broadcast_id}").get_data(as_text=True)
    assert "Kênh chưa được kết nối" in page


def test_a_finished_broadcast_names_officers_by_full_name_and_says_nothing_is_sending(
    console_app,
):
    subscribe(console_app, "u1")
    broadcast_id = created_id(ConsoleClient(console_app, "lan").post("/console/broadcasts", NOTICE))
    officer = ConsoleClient(console_app, "hoa")
    officer.post(f"/console/broadcasts/{broadcast_id}/approve")
    officer.post(f"/console/broadcasts/{broadcast_id}/send-now")
    wait_until_sent(console_app, broadcast_id)
    page = officer.get(f"/console/broadcasts/{broadcast_id}").get_data(as_text=True)
    assert "soạn bởi Cán bộ Lan" in page and "duyệt bởi Cán bộ Hoa" in page
    history = page[page.index("Lịch sử") :]
    assert "<td>hệ thống</td>" in history and "system:" not in page
    assert "<td>lan</td>" not in history and "<td>Cán bộ Lan</td>" in history
    assert "Đã gửi xong" in page and "Đang gửi" not in page
    assert "<td>Bắt đầu gửi</td><td>Cán bộ Hoa</td>" in history
    listing = officer.get("/console/broadcasts").get_data(as_text=True)
    assert "<td>Cán bộ Lan</td>" in listing
