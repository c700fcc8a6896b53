"""``flask --app app broadcasts`` as officers use it, against a local fake Graph API; and a
send killed with SIGKILL mid-way that resumes without sending anyone a second copy."""

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bench.fake_platform import FakeGraphApi
from broadcasts.schema import create_broadcast_schema
from server.database import Database
from server.schema import create_message_tables
from tests.commands import FLASK_APP
from tests.timing import wait_until

ROOT = Path(__file__).resolve().parents[2]
HOAN_KIEM = "00070"


@pytest.fixture
def graph():
    fake = FakeGraphApi().start()
    yield fake
    fake.stop()


@pytest.fixture
def environment(tmp_path, graph):
    return {
        **os.environ,
        "DATABASE_PATH": str(tmp_path / "cli.db"),
        "FACEBOOK_APP_SECRET": "secret",
        "FACEBOOK_PAGE_ACCESS_TOKEN": "token",
        "FACEBOOK_VERIFY_TOKEN": "verify",
        "FACEBOOK_GRAPH_BASE": graph.base_url,
        "QUIET_HOURS": "00:00-00:00",
        "BROADCAST_LEASE_SECONDS": "2",
        "BROADCAST_SENDERS": "8",
        "RETRY_BASE_SECONDS": "0.01",
        "RETRY_MAX_SECONDS": "0.05",
    }


def cli(environment, *arguments, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [*FLASK_APP, "broadcasts", *arguments],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if check:
        assert result.returncode == 0, result.stderr
    return result


def subscribers(environment, count: int) -> None:
    """Facebook subscribers of Hoàn Kiếm who wrote an hour ago (inside the window)."""
    database = Database(Path(environment["DATABASE_PATH"]))
    create_message_tables(database.db)
    create_broadcast_schema(database.db)
    now = time.time()
    with database.transaction() as db:
        for number in range(count):
            user = f"psid-{number}"
            db.execute(
                "INSERT INTO subscribers (channel, user_id, commune_code, consent_at, updated_at) "
                "VALUES ('facebook', ?, ?, ?, ?)",
                (user, HOAN_KIEM, now, now),
            )
            db.execute(
                "INSERT INTO subscriber_audiences (subscriber_id, audience) "
                "VALUES (last_insert_rowid(), 'general_public')"
            )
            db.execute(
                "INSERT INTO contacts (channel, user_id, first_seen_at, last_inbound_at) "
                "VALUES ('facebook', ?, ?, ?)",
                (user, now, now - 3600),
            )


def officers_and_an_approved_law(environment) -> None:
    cli(environment, "officers", "add", "thu", "--role", "communication_officer")
    cli(environment, "officers", "add", "minh", "--role", "communication_officer")
    cli(
        environment, "create", "new-law", "--as", "thu", "--title", "Luật Việc làm 2025",
        "--number", "74/2025/QH15", "--effective", "2026-01-01",
        "--summary", "Người làm việc theo hợp đồng từ đủ 1 tháng tham gia bảo hiểm thất nghiệp.",
    )  # fmt: skip
    cli(environment, "approve", "1", "--as", "minh")


def test_officers_create_approve_and_send_with_the_cli(environment, graph):
    subscribers(environment, 20)
    officers_and_an_approved_law(environment)

    sent = cli(environment, "send-now", "1", "--as", "minh", "--quiet")

    statistics = json.loads(sent.stdout.strip().splitlines()[-2])
    assert (statistics["targeted"], statistics["sent"]) == (20, 20)
    assert sorted(graph.messages_by_recipient.values()) == [1] * 20
    assert "đã gửi xong" in cli(environment, "status", "1").stdout


def test_bad_input_gets_a_clear_error_and_changes_nothing(environment):
    cli(environment, "officers", "add", "thu", "--role", "communication_officer")
    cli(environment, "officers", "add", "xa", "--role", "commune_official",
        "--communes", "Hoàn Kiếm")  # fmt: skip
    cases = [
        (("create", "local-notice", "--as", "xa", "--title", "Họp", "--body", "Tối nay",
          "--communes", "Phường Không Có"), "không có xã, phường"),
        (("create", "local-notice", "--as", "xa", "--title", "Họp", "--body", "Tối nay",
          "--communes", "Ba Đình"), "xã, phường của mình"),
        (("create", "new-law", "--as", "thu", "--title", "Luật", "--number", "1/2026/QH15",
          "--summary", ""), "Thiếu nội dung tóm tắt"),
        (("create", "new-law", "--as", "thu", "--title", "Luật", "--number", "1/2026/QH15",
          "--summary", "x" * 2000), "vượt giới hạn"),
        (("create", "new-law", "--as", "nobody", "--title", "Luật", "--number", "1/2026/QH15",
          "--summary", "Tóm tắt"), "Không có cán bộ"),
    ]  # fmt: skip
    for arguments, message in cases:
        result = cli(environment, *arguments, check=False)
        assert result.returncode == 2, arguments
        assert message in result.stderr, (arguments, result.stderr)
    cli(environment, "create", "new-law", "--as", "thu", "--title", "Luật", "--number",
        "1/2026/QH15", "--summary", "Tóm tắt")  # fmt: skip
    in_the_past = cli(environment, "schedule", "1", "--at", "2020-01-01 08:00", "--as", "thu",
                      check=False)  # fmt: skip
    assert in_the_past.returncode == 2  # not approved yet, and in the past
    assert cli(environment, "list").stdout.count("\n") == 1


def lease_end(environment) -> float:
    database = Database(Path(environment["DATABASE_PATH"]))
    (until,) = database.db.execute("SELECT lease_until FROM broadcasts WHERE id = 1").fetchone()
    database.close()
    return until or 0.0


def test_a_send_killed_mid_way_resumes_without_duplicates_or_losses(environment, graph):
    total = 600
    subscribers(environment, total)
    officers_and_an_approved_law(environment)
    paced = {**environment, "BROADCAST_RATE_FACEBOOK": "300"}
    child = subprocess.Popen(
        [*FLASK_APP, "broadcasts", "send-now", "1", "--as", "minh", "--quiet"],
        cwd=ROOT, env=paced, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_until(lambda: graph.text_messages >= 150, timeout=60, what="150 messages sent")
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    received_before = graph.text_messages
    assert 150 <= received_before < total, "the kill must land mid-send"

    # The killed sender's lease (2 s, renewed as it sends) must run out in real time: the
    # resuming process reads the wall clock. Wait for the end it recorded, no longer.
    wait_until(lambda: lease_end(environment) < time.time(), what="the killed sender's lease")
    resumed = cli(environment, "send-now", "1", "--as", "minh", "--quiet")

    statistics = json.loads(resumed.stdout.strip().splitlines()[-2])
    assert max(graph.messages_by_recipient.values()) == 1  # nobody got it twice
    interrupted = statistics["reasons"].get("failed", {})
    unknown = sum(interrupted.values())
    assert statistics["targeted"] == total and statistics["pending"] == 0
    assert statistics["sent"] + unknown == total
    assert unknown <= 8  # at most the requests in flight at the kill (one per sender)
    database = Database(Path(environment["DATABASE_PATH"]))
    rows = database.db.execute("SELECT user_id, status FROM deliveries").fetchall()
    sent_users = {user for user, status in rows if status == "sent"}
    received = set(graph.messages_by_recipient)
    assert sent_users <= received  # every row marked sent really arrived
    assert received - sent_users <= {user for user, status in rows if status == "failed"}
