"""Broadcasts in SQLite; every change goes through ``broadcasts.model`` and is logged
with who and when. A change applies only if the status is still the one it was read
with, so two officers acting at once cannot both win."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import replace

from broadcasts.model import Broadcast, Kind, Status, authorise_draft, transition
from broadcasts.storage import Storage
from kernel.identity import Officer
from kernel.rules import RuleViolation

_COLUMNS = (
    "id, kind, title, body, author, target_communes, audiences, channels, document_number, "
    "issuing_body, issue_date, effective_date, link, fields, urgent, status, approved_by, "
    "scheduled_at, zalo_article"
)
_SELECT = f"SELECT {_COLUMNS} FROM broadcasts"  # noqa: S608 (fixed column names)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class BroadcastStore:
    def __init__(self, database: Storage, now: Callable[[], dt.datetime] = _utc_now) -> None:
        self._database = database
        self._now = now

    @property
    def database(self) -> Storage:
        return self._database

    def create(self, broadcast: Broadcast, officer: Officer) -> Broadcast:
        with self._database.transaction() as db:
            broadcast_id = self.insert(db, broadcast, officer)
        return self.get(broadcast_id)

    def insert(self, db, broadcast: Broadcast, officer: Officer) -> int:
        """Creates a draft inside the caller's transaction; returns its id."""
        authorise_draft(broadcast, officer)
        created = _row(broadcast)
        cursor = db.execute(
            f"INSERT INTO broadcasts ({', '.join(created)}, created_at, updated_at) "  # noqa: S608 (fixed column names)
            f"VALUES ({', '.join('?' for _ in created)}, ?, ?)",
            (*created.values(), time.time(), time.time()),
        )
        self._event(db, cursor.lastrowid, Status.DRAFT.value, officer.username)
        return cursor.lastrowid

    def get(self, broadcast_id: int) -> Broadcast:
        db = self._database.db
        row = db.execute(f"{_SELECT} WHERE id = ?", (broadcast_id,)).fetchone()
        if row is None:
            raise LookupError(f"Không có tin số {broadcast_id}.")
        events = db.execute(
            "SELECT status, actor, at FROM broadcast_events WHERE broadcast_id = ? ORDER BY id",
            (broadcast_id,),
        ).fetchall()
        return _broadcast(row, tuple((s, a, dt.datetime.fromisoformat(t)) for s, a, t in events))

    def list(self, status: Status | None = None, limit: int = 100) -> list[Broadcast]:
        query = _SELECT
        arguments: tuple = ()
        if status is not None:
            query += " WHERE status = ?"
            arguments = (status.value,)
        rows = self._database.db.execute(f"{query} ORDER BY id DESC LIMIT {int(limit)}", arguments)
        return [_broadcast(row, ()) for row in rows.fetchall()]

    def update_draft(self, broadcast_id: int, officer: Officer, **changes) -> Broadcast:
        """Edits a draft (e.g. the summary of one the feed importer created)."""
        current = self.get(broadcast_id)
        if current.status is not Status.DRAFT:
            raise RuleViolation("Chỉ sửa được tin ở trạng thái nháp.")
        edited = replace(current, **changes)
        authorise_draft(edited, officer)
        if not officer.may_target(current.target_communes):
            raise RuleViolation("Bạn không có quyền với xã, phường mà tin này gửi tới.")
        row = _row(edited)
        with self._database.transaction() as db:
            cursor = db.execute(
                f"UPDATE broadcasts SET {', '.join(f'{name} = ?' for name in row)}, "  # noqa: S608 (fixed column names)
                "updated_at = ? WHERE id = ? AND status = 'draft'",
                (*row.values(), time.time(), broadcast_id),
            )
            if cursor.rowcount != 1:
                raise RuleViolation("Tin vừa được người khác thay đổi; bạn tải lại rồi thử lại.")
            self._event(db, broadcast_id, "edited", officer.username)
        return self.get(broadcast_id)

    def record_event(self, broadcast_id: int, event: str, actor: str) -> None:
        """A note in the broadcast's history that is not a status change (postponed, …)."""
        with self._database.transaction() as db:
            self._event(db, broadcast_id, event, actor)

    def reschedule(self, broadcast_id: int, at: dt.datetime, actor: str, event: str) -> bool:
        """Moves a scheduled broadcast's time (quiet hours); False if no longer scheduled."""
        with self._database.transaction() as db:
            cursor = db.execute(
                "UPDATE broadcasts SET scheduled_at = ?, updated_at = ? "
                "WHERE id = ? AND status = 'scheduled'",
                (at.astimezone(dt.timezone.utc).isoformat(), time.time(), broadcast_id),
            )
            if cursor.rowcount == 1:
                self._event(db, broadcast_id, event, actor)
            return cursor.rowcount == 1

    def _event(self, db, broadcast_id: int, event: str, actor: str) -> None:
        db.execute(
            "INSERT INTO broadcast_events (broadcast_id, status, actor, at) VALUES (?, ?, ?, ?)",
            (broadcast_id, event, actor, self._now().isoformat()),
        )

    def move(
        self,
        broadcast_id: int,
        to: Status,
        officer: Officer,
        scheduled_at: dt.datetime | None = None,
    ) -> Broadcast:
        current = self.get(broadcast_id)
        at = self._now()
        if to is Status.SCHEDULED:
            if scheduled_at is None or scheduled_at <= at:
                raise RuleViolation("Giờ gửi phải ở tương lai.")
        changed = transition(current, to, officer, at)
        with self._database.transaction() as db:
            cursor = db.execute(
                "UPDATE broadcasts SET status = ?, approved_by = ?, scheduled_at = ?, "
                "updated_at = ? WHERE id = ? AND status = ?",
                (
                    changed.status.value,
                    changed.approved_by,
                    scheduled_at.astimezone(dt.timezone.utc).isoformat()
                    if to is Status.SCHEDULED and scheduled_at
                    else _iso(current.scheduled_at),
                    time.time(),
                    broadcast_id,
                    current.status.value,
                ),
            )
            if cursor.rowcount != 1:
                raise RuleViolation("Tin vừa được người khác thay đổi; bạn tải lại rồi thử lại.")
            db.execute(
                "INSERT INTO broadcast_events (broadcast_id, status, actor, at) VALUES (?, ?, ?, ?)",
                (broadcast_id, to.value, officer.username, at.isoformat()),
            )
        return self.get(broadcast_id)


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _row(broadcast: Broadcast) -> dict:
    return {
        "kind": broadcast.kind.value,
        "title": broadcast.title,
        "body": broadcast.body,
        "author": broadcast.author,
        "target_communes": json.dumps(sorted(broadcast.target_communes))
        if broadcast.target_communes is not None
        else None,
        "audiences": json.dumps(sorted(broadcast.audiences)),
        "channels": json.dumps(sorted(broadcast.channels)),
        "document_number": broadcast.document_number,
        "issuing_body": broadcast.issuing_body,
        "issue_date": _iso(broadcast.issue_date),
        "effective_date": _iso(broadcast.effective_date),
        "link": broadcast.link,
        "fields": json.dumps(list(broadcast.fields), ensure_ascii=False),
        "urgent": int(broadcast.urgent),
        "zalo_article": int(broadcast.zalo_article),
        "status": Status.DRAFT.value,
    }


def _broadcast(row: tuple, history: tuple) -> Broadcast:
    (id_, kind, title, body, author, communes, audiences, channels, number, issuer,
     issued, effective, link, fields, urgent, status, approved_by, scheduled_at,
     zalo_article) = row  # fmt: skip
    return Broadcast(
        id=id_,
        kind=Kind(kind),
        title=title,
        body=body,
        author=author,
        target_communes=frozenset(json.loads(communes)) if communes is not None else None,
        audiences=frozenset(json.loads(audiences)),
        channels=frozenset(json.loads(channels)),
        document_number=number,
        issuing_body=issuer,
        issue_date=dt.date.fromisoformat(issued) if issued else None,
        effective_date=dt.date.fromisoformat(effective) if effective else None,
        link=link,
        fields=tuple(json.loads(fields)),
        urgent=bool(urgent),
        zalo_article=bool(zalo_article),
        status=Status(status),
        approved_by=approved_by,
        scheduled_at=dt.datetime.fromisoformat(scheduled_at) if scheduled_at else None,
        history=history,
    )
