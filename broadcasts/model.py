"""Broadcasts and the rules on them, as pure functions: life cycle, approval by someone
other than the author, commune scope of commune officials, and content limits.

Enforced here, in the engine, so no form or command line can bypass them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import Enum

from bot.audiences import AUDIENCE_CODES
from channels.registry import PLATFORMS
from kernel.identity import Officer, Role
from kernel.rules import RuleViolation


class Kind(Enum):
    NEW_LAW = "new_law"
    LOCAL_NOTICE = "local_notice"
    # An invitation to an approved legal quiz (``quizzes.invitations``), to its participants.
    QUIZ_INVITATION = "quiz_invitation"


class Status(Enum):
    DRAFT = "draft"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


ALLOWED_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.APPROVED, Status.CANCELLED}),
    Status.APPROVED: frozenset({Status.SCHEDULED, Status.SENDING, Status.CANCELLED}),
    # Back to approved when a scheduled time was missed by more than the grace period:
    # reported to officers, who reschedule or send it now; never sent late silently.
    Status.SCHEDULED: frozenset({Status.SENDING, Status.CANCELLED, Status.APPROVED}),
    Status.SENDING: frozenset({Status.DONE, Status.CANCELLED}),
    Status.DONE: frozenset(),
    Status.CANCELLED: frozenset(),
}
# The shortest of the channels' declared text limits (Messenger's 1,900, with its
# safety margin): a broadcast must fit one message everywhere.
MESSAGE_LIMIT = min(p.limits.text_limit for p in PLATFORMS if p.limits.text_limit)
TITLE_LIMIT = 200


@dataclass(frozen=True)
class Broadcast:
    kind: Kind
    title: str
    body: str  # the plain-Vietnamese summary of a new law, or the text of a notice
    author: str
    target_communes: frozenset[str] | None = None  # None: every commune of the province
    audiences: frozenset[str] = frozenset({"general_public"})
    channels: frozenset[str] = field(default_factory=lambda: frozenset(PLATFORMS.names))
    document_number: str | None = None
    issuing_body: str | None = None
    issue_date: dt.date | None = None
    effective_date: dt.date | None = None
    link: str | None = None
    fields: tuple[str, ...] = ()
    urgent: bool = False
    # Also publish a province-wide new law as a Zalo Article broadcast to every follower.
    zalo_article: bool = False
    status: Status = Status.DRAFT
    approved_by: str | None = None
    scheduled_at: dt.datetime | None = None
    id: int | None = None
    history: tuple[tuple[str, str, dt.datetime], ...] = field(default=(), compare=False)


def problems_of(broadcast: Broadcast) -> list[str]:
    """Every reason the broadcast cannot be sent as written (empty when it can)."""
    problems = []
    if not broadcast.title.strip():
        problems.append("Thiếu tiêu đề.")
    elif len(broadcast.title) > TITLE_LIMIT:
        problems.append(f"Tiêu đề dài quá {TITLE_LIMIT} ký tự.")
    if not broadcast.body.strip():
        problems.append("Thiếu nội dung tóm tắt.")
    if broadcast.kind is Kind.NEW_LAW and not broadcast.document_number:
        problems.append("Tin luật mới cần số hiệu văn bản.")
    if broadcast.kind is Kind.LOCAL_NOTICE and not broadcast.target_communes:
        problems.append("Thông báo của xã cần chọn xã, phường nhận tin.")
    if not broadcast.audiences or not broadcast.audiences <= AUDIENCE_CODES:
        problems.append("Nhóm đối tượng không hợp lệ.")
    if not broadcast.channels or not broadcast.channels <= frozenset(PLATFORMS.names):
        problems.append("Kênh gửi không hợp lệ.")
    if broadcast.zalo_article and (
        broadcast.kind is not Kind.NEW_LAW
        or broadcast.target_communes is not None
        or not broadcast.channels & PLATFORMS.article_channels()
    ):
        problems.append(
            "Bài viết Zalo gửi mọi người quan tâm, nên chỉ dùng cho tin luật mới toàn tỉnh "
            "có kênh Zalo."
        )
    length = len(message_text(broadcast))
    if length > MESSAGE_LIMIT:
        problems.append(
            f"Tin dài {length} ký tự, vượt giới hạn {MESSAGE_LIMIT} ký tự của nền tảng."
        )
    return problems


def message_text(broadcast: Broadcast) -> str:
    """Pure: what a subscriber reads."""
    lines = [broadcast.title.strip()]
    if broadcast.kind is Kind.NEW_LAW:
        facts = [
            part
            for part in (
                broadcast.document_number,
                broadcast.issuing_body,
                f"hiệu lực từ {broadcast.effective_date:%d/%m/%Y}"
                if broadcast.effective_date
                else None,
            )
            if part
        ]
        if facts:
            lines.append(" · ".join(facts))
    lines.append(broadcast.body.strip())
    if broadcast.link:
        lines.append(f"Xem văn bản: {broadcast.link}")
    lines.append("(Gõ \u201chủy đăng ký\u201d để dừng nhận tin.)")
    return "\n\n".join(lines)


def transition(broadcast: Broadcast, to: Status, officer: Officer, at: dt.datetime) -> Broadcast:
    """The broadcast after ``officer`` moves it to ``to``; raises RuleViolation if forbidden."""
    if to not in ALLOWED_TRANSITIONS[broadcast.status]:
        raise RuleViolation(
            f"Không thể chuyển tin từ \u201c{broadcast.status.value}\u201d sang \u201c{to.value}\u201d."
        )
    if not officer.may_target(broadcast.target_communes):
        raise RuleViolation("Bạn không có quyền với xã, phường mà tin này gửi tới.")
    changes: dict = {
        "status": to,
        "history": (*broadcast.history, (to.value, officer.username, at)),
    }
    if to is Status.APPROVED and broadcast.status is Status.SCHEDULED:
        return replace(broadcast, **changes)  # unscheduled: the approval stands
    if to is Status.APPROVED:
        if officer.username == broadcast.author:
            raise RuleViolation("Người soạn tin không được tự duyệt tin của mình.")
        if officer.role is Role.LEGAL_REVIEWER:
            raise RuleViolation("Cán bộ rà soát pháp lý không duyệt phát tin.")
        problems = problems_of(broadcast)
        if problems:
            raise RuleViolation(" ".join(problems))
        changes["approved_by"] = officer.username
    return replace(broadcast, **changes)


def authorise_draft(broadcast: Broadcast, officer: Officer) -> None:
    """Raises unless ``officer`` may author a broadcast with these targets."""
    if officer.role is Role.LEGAL_REVIEWER:
        raise RuleViolation("Cán bộ rà soát pháp lý không soạn tin phát.")
    if broadcast.kind is Kind.NEW_LAW and officer.role is Role.COMMUNE_OFFICIAL:
        raise RuleViolation("Cán bộ xã chỉ gửi thông báo của xã mình, không gửi tin luật mới.")
    if not officer.may_target(broadcast.target_communes):
        raise RuleViolation("Cán bộ xã chỉ được gửi tin tới xã, phường của mình.")
