"""A server killed between receiving a message and sending its reply answers it exactly
once after restart (the child process is killed with SIGKILL: no clean-up runs)."""

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import responses

from server.outbox_store import INTERRUPTED, OutboxStore
from server.services import services_of
from tests.server.support import (
    FACEBOOK_ENV,
    FACEBOOK_SEND_URL,
    drain,
    facebook_text_event,
    outbox_rows,
    post_facebook,
    worker_of,
)
from tests.timing import Clock, wait_until

ROOT = Path(__file__).resolve().parents[2]


def start_child(database: Path, mode: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.server.crash_child", str(database), mode],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def restart_and_drain(make_app) -> list[dict]:
    clock = Clock()
    app = make_app(clock=clock, **FACEBOOK_ENV)
    client = app.test_client()
    # The platform also redelivers the event it never got a reply to.
    assert post_facebook(client, facebook_text_event("tam tru", "m_crash")).status_code == 200
    drain(app, clock)
    return outbox_rows(app)


def wait_for_answering(child: subprocess.Popen, marker: Path) -> None:
    """Until the child, a real process, is in the middle of answering."""

    def answering() -> bool:
        assert child.poll() is None, child.stderr.read().decode()
        return marker.exists()

    wait_until(answering, timeout=60, what="the child to start answering")


@responses.activate
def test_killed_while_answering_then_restarted_replies_exactly_once(tmp_path, make_app):
    database = tmp_path / "test.db"
    child = start_child(database, "while-answering")
    wait_for_answering(child, Path(f"{database}.answering"))
    child.send_signal(signal.SIGKILL)
    child.wait(10)

    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    rows = restart_and_drain(make_app)
    assert len(responses.calls) == 1
    assert "Đăng ký tạm trú" in json.loads(responses.calls[0].request.body)["message"]["text"]
    assert [row["status"] for row in rows] == ["sent"]


@responses.activate
def test_killed_after_answering_before_sending_then_restarted_replies_exactly_once(
    tmp_path, make_app
):
    database = tmp_path / "test.db"
    child = start_child(database, "before-sending")
    assert child.wait(60) == -signal.SIGKILL, child.stderr.read().decode()

    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    rows = restart_and_drain(make_app)
    assert len(responses.calls) == 1
    assert [row["status"] for row in rows] == ["sent"]
    assert rows[0]["attempts"] == 1  # the failed attempt before the crash was recorded


@responses.activate
def test_killed_between_the_request_and_its_record_never_sends_twice_and_reports_it(
    tmp_path, make_app
):
    database = tmp_path / "test.db"
    child = start_child(database, "mid-send")
    assert child.wait(60) == -signal.SIGKILL, child.stderr.read().decode()
    received = Path(f"{database}.received").read_bytes().splitlines()
    assert len(received) == 1  # the platform got the reply once, before the kill

    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    app = make_app(**FACEBOOK_ENV)
    for _ in range(5):
        worker_of(app).process_due()
    rows = outbox_rows(app)
    assert len(responses.calls) == 0  # not resent: the citizen has at most one copy
    assert [row["status"] for row in rows] == ["failed"]
    assert rows[0]["error"] == INTERRUPTED
    failed = OutboxStore(services_of(app).database).failed()
    assert [reply.id for reply in failed] == [rows[0]["id"]]


@pytest.mark.parametrize("mode", ["while-answering"])
def test_the_child_really_stopped_mid_work(tmp_path, mode):
    """Guards the two tests above: the killed child left the message unanswered."""
    import sqlite3

    database = tmp_path / "test.db"
    child = start_child(database, mode)
    wait_for_answering(child, Path(f"{database}.answering"))
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    with sqlite3.connect(database) as connection:
        statuses = connection.execute("SELECT status FROM inbox").fetchall()
        replies = connection.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    assert statuses == [("pending",)]
    assert replies == 0
