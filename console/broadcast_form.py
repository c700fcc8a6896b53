"""Pure: the compose form of a broadcast to a ``Broadcast``, and back.

Input errors (a date that is not a date, a commune that does not exist) are reported
here; whether the broadcast may be sent is ``broadcasts.model.problems_of``'s answer,
shown beside the form so an incomplete draft can still be saved and finished later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from bot.audiences import AUDIENCE_CODES
from broadcasts.model import Broadcast, Kind
from broadcasts.routing import VIETNAM
from channels.registry import PLATFORMS

MAX_BODY_CHARS = 4000  # the model's 1,900-character message limit is the real check
MAX_FIELD_CHARS = 300


class FormData(Protocol):
    def get(self, key: str, default: str = "") -> str: ...

    def getlist(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class ParsedForm:
    broadcast: Broadcast
    errors: tuple[str, ...]
    # Communes asked for that the officer may not target: the route answers 403.
    foreign_communes: frozenset[str] = frozenset()


def broadcast_from_form(
    form: FormData,
    kind: Kind,
    author: str,
    known_communes: Collection[str],
    allowed_communes: frozenset[str] | None,
) -> ParsedForm:
    """``allowed_communes`` None: the officer may target any commune."""
    errors: list[str] = []
    communes = frozenset(code for code in form.getlist("communes") if code)
    unknown = communes - set(known_communes)
    if unknown:
        errors.append("Có xã, phường không thuộc tỉnh: " + ", ".join(sorted(unknown)))
    foreign = communes - allowed_communes if allowed_communes is not None else frozenset()
    province_wide = kind is Kind.NEW_LAW and form.get("scope", "province") == "province"
    if province_wide and allowed_communes is not None:
        foreign = foreign | frozenset({"*"})
    audiences = frozenset(form.getlist("audiences"))
    channels = frozenset(form.getlist("channels"))
    broadcast = Broadcast(
        kind=kind,
        title=_text(form, "title", MAX_FIELD_CHARS),
        body=form.get("body", "").strip()[:MAX_BODY_CHARS],
        author=author,
        target_communes=None if province_wide else communes & set(known_communes),
        audiences=audiences & AUDIENCE_CODES,
        channels=channels & frozenset(PLATFORMS.names),
        document_number=_text(form, "document_number", 80) or None,
        issuing_body=_text(form, "issuing_body", 200) or None,
        issue_date=_date(form, "issue_date", "Ngày ban hành", errors),
        effective_date=_date(form, "effective_date", "Ngày hiệu lực", errors),
        link=_link(form, errors),
        urgent=form.get("urgent") == "on",
        zalo_article=kind is Kind.NEW_LAW and form.get("zalo_article") == "on",
    )
    if audiences - AUDIENCE_CODES:
        errors.append("Nhóm đối tượng không hợp lệ.")
    if channels - frozenset(PLATFORMS.names):
        errors.append("Kênh gửi không hợp lệ.")
    return ParsedForm(broadcast, tuple(errors), foreign)


def form_values(broadcast: Broadcast) -> dict:
    """The form's fields for an existing draft (the template reads these)."""
    return {
        "title": broadcast.title,
        "body": broadcast.body,
        "document_number": broadcast.document_number or "",
        "issuing_body": broadcast.issuing_body or "",
        "issue_date": broadcast.issue_date.isoformat() if broadcast.issue_date else "",
        "effective_date": broadcast.effective_date.isoformat() if broadcast.effective_date else "",
        "link": broadcast.link or "",
        "communes": sorted(broadcast.target_communes or ()),
        "scope": "province" if broadcast.target_communes is None else "communes",
        "audiences": sorted(broadcast.audiences),
        "channels": sorted(broadcast.channels),
        "urgent": broadcast.urgent,
        "zalo_article": broadcast.zalo_article,
    }


def parse_local_time(text: str) -> dt.datetime | None:
    """ "2026-12-02T08:00" typed in the browser's datetime field, Vietnam time → aware."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    return moment


def _text(form: FormData, name: str, limit: int) -> str:
    return " ".join(form.get(name, "").split())[:limit]


def _date(form: FormData, name: str, label: str, errors: list[str]) -> dt.date | None:
    raw = form.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors.append(f"{label} cần ghi dạng năm-tháng-ngày, ví dụ 2026-01-01.")
        return None


def _link(form: FormData, errors: list[str]) -> str | None:
    link = form.get("link", "").strip()
    if not link:
        return None
    if not link.startswith(("https://", "http://")) or len(link) > 500 or " " in link:
        errors.append("Đường dẫn văn bản cần bắt đầu bằng https://")
        return None
    return link
