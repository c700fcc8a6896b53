"""Held news, released as a short digest when the user next writes.

Outside the platform windows a broadcast cannot be pushed (Facebook after 24 hours,
Zalo after 48 hours without a budget); when the user writes again the window is open,
so the answer to their message is followed by what they missed: most recent first, a
few items, then a "xem thêm" button for the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from bot.messages import OutgoingMessage, QuickReply
from bot.payloads import QUIZ_START
from bot.replies import MENU_QUIZ
from broadcasts.storage import Storage

DIGEST_MORE = "DIGEST_MORE"
DIGEST_PAGE = 3
MORE_WORDS = frozenset({"xem thêm", "xem them", "xem tiep", "xem tiếp"})
NOTHING_MORE = "Bạn đã xem hết các tin mới. Gõ câu hỏi pháp luật nếu bạn cần hỏi thêm."


@dataclass(frozen=True)
class HeldItem:
    delivery_id: int
    title: str
    document_number: str | None
    effective_date: dt.date | None
    link: str | None
    kind: str = "new_law"


QUIZ_INVITATION = "quiz_invitation"
QUIZ_HINT = "   Bấm “{button}” hoặc gõ “thi tìm hiểu pháp luật” để dự thi."


def asks_for_more(text: str, payload: str | None) -> bool:
    return payload == DIGEST_MORE or " ".join(text.lower().split()) in MORE_WORDS


def digest_message(items: Sequence[HeldItem], more: bool, first_page: bool) -> OutgoingMessage:
    """Pure: the digest text; each item in two lines so it reads well on a phone."""
    heading = "📢 Tin pháp luật mới trong lúc bạn vắng:" if first_page else "📢 Các tin tiếp theo:"
    lines = [heading]
    for number, item in enumerate(items, start=1):
        facts = " · ".join(
            part
            for part in (
                item.document_number,
                f"hiệu lực {item.effective_date:%d/%m/%Y}" if item.effective_date else None,
            )
            if part
        )
        lines.append(f"{number}. {item.title}" + (f" ({facts})" if facts else ""))
        if item.link:
            lines.append(f"   {item.link}")
        if item.kind == QUIZ_INVITATION:
            lines.append(QUIZ_HINT.format(button=MENU_QUIZ))
    # An invitation's title alone would not say how to take part: it gets the quiz button.
    replies = tuple(
        reply
        for reply, wanted in (
            (QuickReply(MENU_QUIZ, QUIZ_START), any(i.kind == QUIZ_INVITATION for i in items)),
            (QuickReply("Xem thêm", DIGEST_MORE), more),
        )
        if wanted
    )
    if more:
        lines.append("Bấm “Xem thêm” để xem các tin trước đó.")
    return OutgoingMessage("\n".join(lines), replies)


class HeldNews:
    def __init__(self, database: Storage) -> None:
        self._database = database

    def page(
        self, channel: str, user_id: str, limit: int = DIGEST_PAGE
    ) -> tuple[list[HeldItem], bool]:
        """The newest held items (and whether there are more), skipping cancelled broadcasts."""
        rows = self._database.db.execute(
            """SELECT d.id, b.title, b.document_number, b.effective_date, b.link, b.kind
               FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id
               WHERE d.channel = ? AND d.user_id = ? AND d.status = 'held'
                 AND b.status != 'cancelled'
               ORDER BY d.broadcast_id DESC LIMIT ?""",
            (channel, user_id, limit + 1),
        ).fetchall()
        items = [
            HeldItem(id_, title, number, dt.date.fromisoformat(effective) if effective else None,
                     link, kind)
            for id_, title, number, effective, link, kind in rows[:limit]
        ]  # fmt: skip
        return items, len(rows) > limit

    @staticmethod
    def release(db: sqlite_utils.Database, at: float, delivery_ids: Sequence[int]) -> None:
        """Marks items as delivered in a digest; runs in the caller's transaction, the one
        that records the digest reply, so a crash can neither lose nor repeat them."""
        db.conn.executemany(
            "UPDATE deliveries SET status = 'released', sent_at = ?, "
            "reason = reason || ' → released in a digest' WHERE id = ? AND status = 'held'",
            [(at, delivery_id) for delivery_id in delivery_ids],
        )
