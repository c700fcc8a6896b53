"""Knowledge-base drafts written from answered questions, and their legal review.

An approved draft is appended to its field's YAML file, so the assistant learns from what
people actually ask at its next training. Approval is the one place a file is written: the
whole knowledge base must still load afterwards, or the file is put back as it was. The
pure entry helpers live in ``handoff.kb_yaml`` and are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from bot.knowledge_base import KnowledgeBase, KnowledgeBaseError, load_knowledge_base
from broadcasts.storage import Storage
from handoff.kb_yaml import (
    append_entry,
    entry_from_form,
    entry_problems,
    source_lines,
    suggest_id,
    with_unaccented_twins,
)
from kernel.identity import Officer
from kernel.permissions import Can, can
from kernel.rules import RuleViolation

__all__ = [
    "DraftStatus",
    "EntryProblems",
    "KbDraft",
    "KbDraftStore",
    "append_entry",
    "entry_from_form",
    "entry_problems",
    "source_lines",
    "suggest_id",
    "with_unaccented_twins",
]

_COLUMNS = (
    "id, question_id, entry, status, author, reviewer, review_note, "
    "created_at, updated_at, reviewed_at"
)
_SELECT = f"SELECT {_COLUMNS} FROM kb_drafts"  # noqa: S608 (fixed column names)
_CHANGED_MEANWHILE = "Bài nháp vừa được người khác thay đổi; bạn tải lại rồi thử lại."


class DraftStatus(Enum):
    DRAFT = "draft"
    APPROVED = "approved"
    REJECTED = "rejected"


_CLOSED_WORDING = {DraftStatus.APPROVED: "đã được duyệt", DraftStatus.REJECTED: "đã bị từ chối"}


class EntryProblems(RuleViolation):
    """Approval refused because the entry breaks knowledge-base rules; ``problems`` lists
    them one by one so the console can show each next to its field."""

    def __init__(self, heading: str, problems: list[str]) -> None:
        super().__init__("\n".join([heading, *(f"- {problem}" for problem in problems)]))
        self.problems = problems


@dataclass(frozen=True)
class KbDraft:
    id: int
    question_id: int | None
    entry: dict[str, Any] = field(hash=False)
    status: DraftStatus
    author: str
    reviewer: str | None
    review_note: str | None
    created_at: float
    updated_at: float
    reviewed_at: float | None


class KbDraftStore:
    def __init__(
        self, storage: Storage, kb_dir: Path, clock: Callable[[], float] = time.time
    ) -> None:
        self._storage = storage
        self._kb_dir = Path(kb_dir)
        self._clock = clock

    def create(self, question_id: int | None, entry: Mapping[str, Any], author: Officer) -> int:
        """Saves a draft (possibly incomplete: rules are checked at approval); returns its id."""
        if not can(author, Can.DRAFT_KB):
            raise RuleViolation("Vai trò của bạn không được soạn bài cho cơ sở tri thức.")
        now = self._clock()
        with self._storage.transaction() as db:
            if question_id is not None and not _question_exists(db, question_id):
                raise LookupError(f"Không có câu hỏi chuyển tiếp số {question_id}.")
            cursor = db.execute(
                "INSERT INTO kb_drafts (question_id, entry, status, author, created_at, "
                "updated_at) VALUES (?, ?, 'draft', ?, ?, ?)",
                (question_id, _encode(entry), author.username, now, now),
            )
        return cursor.lastrowid

    def update(self, draft_id: int, entry: Mapping[str, Any], officer: Officer) -> KbDraft:
        """Replaces the entry of a draft still under review, by its author or a reviewer."""
        current = self.get(draft_id)
        _require_open(current)
        if officer.username != current.author and not can(officer, Can.REVIEW_KB):
            raise RuleViolation(
                "Chỉ người soạn, cán bộ rà soát pháp lý hoặc quản trị viên được sửa bài nháp này."
            )
        with self._storage.transaction() as db:
            cursor = db.execute(
                "UPDATE kb_drafts SET entry = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
                (_encode(entry), self._clock(), draft_id),
            )
            if cursor.rowcount != 1:
                raise RuleViolation(_CHANGED_MEANWHILE)
        return self.get(draft_id)

    def get(self, draft_id: int) -> KbDraft:
        return _fetch(self._storage.db, draft_id)

    def list(
        self,
        status: DraftStatus | None = None,
        limit: int = 100,
        communes: frozenset[str] | None = None,
        author: str = "",
    ) -> list[KbDraft]:
        """Newest first; ``status`` narrows to one queue (drafts awaiting review, …).

        ``communes`` (None: the whole province) keeps the drafts made from those
        communes' questions, plus the ones ``author`` wrote: a draft carries its
        citizen's question, so it is scoped like the question."""
        conditions, arguments = [], []
        if status is not None:
            conditions.append("status = ?")
            arguments.append(status.value)
        if communes is not None:
            marks = ", ".join("?" * len(communes))
            conditions.append(
                f"(author = ? OR question_id IN (SELECT id FROM forwarded_questions "  # noqa: S608
                f"WHERE commune_code IN ({marks})))"
            )
            arguments.extend([author, *sorted(communes)])
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        rows = self._storage.db.execute(
            f"{_SELECT}{where} ORDER BY id DESC LIMIT {int(limit)}",  # noqa: S608 (placeholders)
            arguments,
        )
        return [_draft(row) for row in rows.fetchall()]

    def approve(self, draft_id: int, reviewer: Officer, knowledge_base: KnowledgeBase) -> KbDraft:
        """Appends the entry to ``<field>.yml`` and marks the draft approved.

        The database write lock is held from the status check to the commit, so two
        reviewers cannot both append the entry; if the knowledge base no longer loads, or
        anything fails before the commit, the file gets its previous bytes back.
        """
        _require_reviewer(reviewer)
        with self._storage.transaction() as db, self._restored_on_failure() as restore:
            draft = _fetch(db, draft_id)
            _require_open(draft)
            _require_not_author(draft, reviewer)
            # The legal review is what "reviewed" dates: the day of approval, in Vietnam.
            today = _vietnam_date(self._clock())
            entry = {**draft.entry, "reviewed": today}
            problems = entry_problems(entry, knowledge_base, today)
            if problems:
                raise EntryProblems("Bài chưa đạt yêu cầu của cơ sở tri thức:", problems)
            self._append(entry, restore, today)
            self._mark(db, draft_id, DraftStatus.APPROVED, reviewer, None)
        return self.get(draft_id)

    def reject(self, draft_id: int, reviewer: Officer, note: str) -> KbDraft:
        """Closes the draft with the reason, which its author reads to know what to fix."""
        _require_reviewer(reviewer)
        if not note.strip():
            raise RuleViolation("Cần ghi lý do từ chối để người soạn biết cần sửa gì.")
        with self._storage.transaction() as db:
            draft = _fetch(db, draft_id)
            _require_open(draft)
            _require_not_author(draft, reviewer)
            self._mark(db, draft_id, DraftStatus.REJECTED, reviewer, note.strip())
        return self.get(draft_id)

    def _append(self, entry: Mapping[str, Any], restore: dict[Path, bytes], today: dt.date) -> None:
        path = self._kb_dir / f"{entry['field']}.yml"
        if not path.is_file():
            raise RuleViolation(f"Không tìm thấy tệp {path.name} của lĩnh vực này.")
        previous = path.read_bytes()  # bytes, not text: CRLF files must come back unchanged
        try:
            appended = append_entry(previous.decode("utf-8"), entry)
        except ValueError as error:
            raise RuleViolation(
                f"Tệp {path.name} không theo mẫu (danh sách faqs:), cần sửa tay trước khi duyệt."
            ) from error
        restore[path] = previous
        _write_atomically(path, appended.encode("utf-8"))
        try:
            load_knowledge_base(self._kb_dir, today=lambda: today)
        except KnowledgeBaseError as error:
            raise EntryProblems(
                "Thêm bài này thì cơ sở tri thức không nạp được, nên tệp đã được giữ nguyên:",
                error.problems,
            ) from error

    @contextmanager
    def _restored_on_failure(self) -> Iterator[dict[Path, bytes]]:
        """Yields a map the caller fills with each file's bytes before changing it; puts
        them back if anything fails before the approval is committed."""
        restore: dict[Path, bytes] = {}
        try:
            yield restore
        except BaseException:
            for path, previous in restore.items():
                _write_atomically(path, previous)
            raise

    def _mark(
        self, db, draft_id: int, status: DraftStatus, reviewer: Officer, note: str | None
    ) -> None:
        now = self._clock()
        cursor = db.execute(
            "UPDATE kb_drafts SET status = ?, reviewer = ?, review_note = ?, reviewed_at = ?, "
            "updated_at = ? WHERE id = ? AND status = 'draft'",
            (status.value, reviewer.username, note, now, now, draft_id),
        )
        if cursor.rowcount != 1:
            raise RuleViolation(_CHANGED_MEANWHILE)


def _vietnam_date(epoch: float) -> dt.date:
    return dt.datetime.fromtimestamp(epoch, dt.timezone(dt.timedelta(hours=7))).date()


def _require_reviewer(officer: Officer) -> None:
    if not can(officer, Can.REVIEW_KB):
        raise RuleViolation(
            "Chỉ cán bộ rà soát pháp lý hoặc quản trị viên được duyệt bài vào cơ sở tri thức."
        )


def _require_not_author(draft: KbDraft, reviewer: Officer) -> None:
    if reviewer.username == draft.author:
        raise RuleViolation("Người soạn bài không được tự duyệt bài của mình.")


def _require_open(draft: KbDraft) -> None:
    if draft.status is not DraftStatus.DRAFT:
        raise RuleViolation(f"Bài nháp số {draft.id} {_CLOSED_WORDING[draft.status]} rồi.")


def _question_exists(db, question_id: int) -> bool:
    row = db.execute("SELECT 1 FROM forwarded_questions WHERE id = ?", (question_id,)).fetchone()
    return row is not None


def _fetch(db, draft_id: int) -> KbDraft:
    row = db.execute(f"{_SELECT} WHERE id = ?", (draft_id,)).fetchone()
    if row is None:
        raise LookupError(f"Không có bài nháp số {draft_id}.")
    return _draft(row)


def _draft(row: tuple) -> KbDraft:
    (id_, question_id, entry, status, author, reviewer, note, created_at, updated_at,
     reviewed_at) = row  # fmt: skip
    return KbDraft(
        id=id_,
        question_id=question_id,
        entry=_decode(entry),
        status=DraftStatus(status),
        author=author,
        reviewer=reviewer,
        review_note=note,
        created_at=created_at,
        updated_at=updated_at,
        reviewed_at=reviewed_at,
    )


def _encode(entry: Mapping[str, Any]) -> str:
    if not isinstance(entry, Mapping):
        raise TypeError("a knowledge-base entry is a mapping")
    return json.dumps(dict(entry), ensure_ascii=False, default=_json_date)


def _json_date(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in a draft entry")


def _decode(text: str) -> dict[str, Any]:
    """The entry as the YAML loader would give it: ``reviewed`` back to a date."""
    entry = json.loads(text)
    try:
        entry["reviewed"] = dt.date.fromisoformat(entry["reviewed"])
    except (KeyError, TypeError, ValueError):
        pass  # left as stored; the validator reports a missing or malformed date
    return entry


def _write_atomically(path: Path, content: bytes) -> None:
    """Temp file in the same folder, then os.replace: the server never reads half a file.
    The ``.tmp`` suffix keeps it out of the ``*.yml`` glob if a crash leaves it behind."""
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
