"""A real SQLite file with the project's own schema, and short ways to record what the
reports read: citizens' messages, subscribers, forwarded questions and broadcasts."""

from __future__ import annotations

import datetime as dt
import itertools
import json

from broadcasts.schema import create_broadcast_schema
from console.reports import VIETNAM
from quizzes.schema import create_quiz_tables
from server.database import Database
from server.schema import create_message_tables

COMMUNE_A = "03301"
COMMUNE_B = "03302"
COMMUNE_NAMES = {COMMUNE_A: "Xã Tà Tổng", COMMUNE_B: "Xã Tân Phong"}


def vietnam(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> float:
    """Epoch seconds of a Vietnam wall-clock time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=VIETNAM).timestamp()


def utc(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> float:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.timezone.utc).timestamp()


class Records:
    def __init__(self, tmp_path) -> None:
        self.database = Database(tmp_path / "t.db")
        create_message_tables(self.database.db)
        create_broadcast_schema(self.database.db)
        create_quiz_tables(self.database.db)
        self.db = self.database.db
        self._ids = itertools.count(1)

    def message(
        self,
        user_id: str,
        sent_at: float,
        kind: str = "text",
        channel: str = "zalo",
        text: str = "Thủ tục đăng ký tạm trú thế nào?",
        faq_id: str | None = None,
        fallback: int = 0,
        helpful: int | None = None,
        rated_faq_id: str | None = None,
        rated_question_id: int | None = None,
    ) -> int:
        return self.db.execute(
            "INSERT INTO inbox (channel, platform_message_id, user_id, kind, text, sent_at, "
            "received_at, status, faq_id, fallback, feedback_helpful, feedback_faq_id, "
            "feedback_question_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'done', ?, ?, ?, ?, ?)",
            (channel, f"m{next(self._ids)}", user_id, kind, text, sent_at, sent_at)
            + (faq_id, fallback, helpful, rated_faq_id, rated_question_id),
        ).lastrowid

    def read_receipt(self, user_id: str, watermark: float) -> None:
        """A Messenger read receipt: everything sent up to the watermark has been read."""
        raw = json.dumps({"read": {"watermark": int(watermark * 1000)}})
        self.db.execute(
            "INSERT INTO inbox (channel, platform_message_id, user_id, kind, sent_at, "
            "received_at, raw) VALUES ('facebook', ?, ?, 'read', ?, ?, ?)",
            (f"r{next(self._ids)}", user_id, watermark, watermark, raw),
        )

    def subscriber(
        self,
        user_id: str,
        commune_code: str,
        channel: str = "zalo",
        status: str = "active",
        consent_at: float | None = None,
        unsubscribed_at: float | None = None,
        audiences: tuple[str, ...] = ("general_public",),
    ) -> int:
        consent_at = consent_at if consent_at is not None else vietnam(2025, 1, 2)
        subscriber_id = self.db.execute(
            "INSERT INTO subscribers (channel, user_id, commune_code, status, consent_at, "
            "unsubscribed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (channel, user_id, commune_code, status, consent_at, unsubscribed_at, consent_at),
        ).lastrowid
        for audience in audiences:
            self.db.execute(
                "INSERT INTO subscriber_audiences (subscriber_id, audience) VALUES (?, ?)",
                (subscriber_id, audience),
            )
        return subscriber_id

    def forwarded(
        self,
        inbox_id: int,
        user_id: str,
        question: str,
        created_at: float,
        commune_code: str | None = None,
        status: str = "open",
        channel: str = "zalo",
    ) -> None:
        self.db.execute(
            "INSERT INTO forwarded_questions (inbox_id, channel, user_id, question, status, "
            "commune_code, created_at, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (inbox_id, channel, user_id, question, status, commune_code, created_at)
            + (created_at + 3600 if status == "answered" else None,),
        )

    def broadcast(
        self,
        title: str,
        sending_at: dt.datetime | None,
        target_communes: list[str] | None = None,
        status: str = "done",
        kind: str = "new_law",
        created_at: float | None = None,
        channels: tuple[str, ...] = ("zalo", "facebook"),
    ) -> int:
        created_at = created_at if created_at is not None else vietnam(2025, 1, 1)
        broadcast_id = self.db.execute(
            "INSERT INTO broadcasts (kind, title, body, author, target_communes, audiences, "
            "channels, status, created_at, updated_at) VALUES (?, ?, 'Nội dung', 'thu.nguyen', "
            "?, '[\"general_public\"]', ?, ?, ?, ?)",
            (kind, title, None if target_communes is None else json.dumps(target_communes))
            + (json.dumps(channels), status, created_at, created_at),
        ).lastrowid
        self.event(broadcast_id, "draft", dt.datetime.fromtimestamp(created_at, dt.timezone.utc))
        if sending_at is not None:
            self.event(broadcast_id, "sending", sending_at)
        return broadcast_id

    def event(self, broadcast_id: int, status: str, at: dt.datetime) -> None:
        self.db.execute(
            "INSERT INTO broadcast_events (broadcast_id, status, actor, at) VALUES (?, ?, 'x', ?)",
            (broadcast_id, status, at.isoformat()),
        )

    def delivery(
        self,
        broadcast_id: int,
        subscriber_id: int,
        status: str = "sent",
        sent_at: float | None = None,
    ) -> None:
        channel, user_id = self.db.execute(
            "SELECT channel, user_id FROM subscribers WHERE id = ?", (subscriber_id,)
        ).fetchone()
        self.db.execute(
            "INSERT INTO deliveries (broadcast_id, subscriber_id, channel, user_id, status, "
            "route, reason, created_at, sent_at) VALUES (?, ?, ?, ?, ?, 'send', '', ?, ?)",
            (broadcast_id, subscriber_id, channel, user_id, status, 0, sent_at),
        )

    def quiz_attempt(
        self,
        user_id: str,
        started_at: float,
        commune_code: str | None,
        channel: str = "zalo",
        audiences: tuple[str, ...] = ("general_public",),
        finished: bool = True,
        rating: int | None = None,
        rated_at: float | None = None,
        quiz_id: int | None = None,
    ) -> int:
        """One participant's attempt at a quiz (a new quiz unless ``quiz_id`` is given)."""
        if quiz_id is None:
            quiz_id = self.db.execute(
                "INSERT INTO quizzes (title, mode, starts_at, ends_at, author, status, "
                "created_at, updated_at) VALUES ('Thi tìm hiểu Luật Đất đai', 'practice', "
                "'2025-01-01T00:00:00+00:00', '2025-12-31T00:00:00+00:00', 'thu.nguyen', "
                "'approved', 0, 0)"
            ).lastrowid
        if rating is not None and rated_at is None:
            rated_at = started_at + 700
        return self.db.execute(
            "INSERT INTO quiz_attempts (quiz_id, channel, user_id, commune_code, audiences, "
            "started_at, finished_at, step, rating, rated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (quiz_id, channel, user_id, commune_code, json.dumps(sorted(audiences)), started_at)
            + (started_at + 600 if finished else None, "done" if finished else "question")
            + (rating, rated_at),
        ).lastrowid
