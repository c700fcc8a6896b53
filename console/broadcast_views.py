"""Broadcast pages: the list with progress, composing and editing drafts with a live
preview, and the detail page. Life-cycle actions are in ``broadcast_actions``."""

from __future__ import annotations

from flask import abort, jsonify, redirect, render_template, request, url_for

from bot.audiences import AUDIENCE_LABELS
from broadcasts.model import Broadcast, Kind, Status
from broadcasts.targeting import reach_by_channel
from channels.registry import PLATFORMS
from console.access import audit, officer, require, services
from console.blueprint import blueprint
from console.broadcast_form import broadcast_from_form, form_values
from console.channel_labels import channel_labels
from console.delivery_labels import labelled_reasons
from console.preview import preview_of
from console.reach_reports import STATUS_LABELS
from kernel.identity import Role
from kernel.permissions import Can, can, commune_scope, may_manage_broadcast, may_see_broadcast
from kernel.rules import RuleViolation

KIND_LABELS = {
    Kind.NEW_LAW: "Luật mới",
    Kind.LOCAL_NOTICE: "Thông báo của xã",
    Kind.QUIZ_INVITATION: "Mời dự thi",
}
# The history says what happened then, never a state ("Đang gửi" beside "Đã gửi xong").
HISTORY_LABELS = {
    "draft": "Soạn nháp",
    "edited": "Sửa nháp",
    "approved": "Duyệt tin",
    "scheduled": "Hẹn giờ gửi",
    "sending": "Bắt đầu gửi",
    "done": "Gửi xong",
    "cancelled": "Hủy tin",
    "missed": "Lỡ giờ hẹn, chưa gửi: cần hẹn lại",
    "postponed: quiet hours": "Dời sang sáng hôm sau (giờ yên lặng)",
    "zalo_article_published": "Đã đăng bài viết Zalo",
    "zalo_article_failed": "Không đăng được bài viết Zalo",
}


def visible_broadcast(broadcast_id: int) -> Broadcast:
    """The broadcast, or 404 / 403 when it does not exist or is outside the officer's scope."""
    try:
        broadcast = services().broadcasts.get(broadcast_id)
    except LookupError:
        abort(404)
    if not may_see_broadcast(officer(), broadcast):
        abort(403)
    return broadcast


def progress_of(broadcast_id: int) -> dict:
    statistics = services().deliveries.statistics(broadcast_id)
    done = statistics["targeted"] - statistics["pending"]
    statistics["finished"] = done
    statistics["percent"] = (
        round(100 * done / statistics["targeted"]) if statistics["targeted"] else 0
    )
    return statistics


@blueprint.get("/broadcasts")
@require(Can.VIEW_BROADCASTS)
def broadcasts():
    wanted = request.args.get("status", "")
    status = Status(wanted) if wanted in STATUS_LABELS else None
    found = [
        broadcast
        for broadcast in services().broadcasts.list(status, limit=300)
        if may_see_broadcast(officer(), broadcast)
    ]
    incomplete = {b.id for b in found if b.status is Status.DRAFT and preview_of(b).problems}
    return render_template(
        "console/broadcasts.html", title="Tin phát", nav="broadcasts", broadcasts=found,
        progress={b.id: progress_of(b.id) for b in found if b.status is not Status.DRAFT},
        incomplete=incomplete, status=wanted, labels=STATUS_LABELS, kinds=KIND_LABELS,
    )  # fmt: skip


@blueprint.get("/broadcasts/new")
@require(Can.VIEW_BROADCASTS)
def new_broadcast():
    kind = _kind_allowed(request.args.get("kind", "local_notice"))
    blank = Broadcast(kind, "", "", officer().username, target_communes=frozenset())
    values = form_values(blank) | {"channels": list(PLATFORMS.names)}
    if kind is Kind.NEW_LAW:
        values["scope"] = "province"
    return _compose(kind, values, None, (), 200)


@blueprint.post("/broadcasts")
@require(Can.VIEW_BROADCASTS)
def create_broadcast():
    kind = _kind_allowed(request.form.get("kind", ""))
    parsed = _parse(kind)
    if parsed.errors:
        return _compose(kind, request.form, None, parsed.errors, 400)
    try:
        created = services().broadcasts.create(parsed.broadcast, officer())
    except RuleViolation as error:
        return _compose(kind, request.form, None, (str(error),), 400)
    audit("broadcast_create", f"broadcast:{created.id}", kind=kind.value)
    return redirect(url_for("console.broadcast", broadcast_id=created.id), 303)


@blueprint.get("/broadcasts/<row_id:broadcast_id>/edit")
@require(Can.VIEW_BROADCASTS)
def edit_broadcast(broadcast_id: int):
    broadcast = _editable(broadcast_id)
    return _compose(broadcast.kind, form_values(broadcast), broadcast, (), 200)


@blueprint.post("/broadcasts/<row_id:broadcast_id>/edit")
@require(Can.VIEW_BROADCASTS)
def save_broadcast(broadcast_id: int):
    current = _editable(broadcast_id)
    parsed = _parse(current.kind, author=current.author)
    if parsed.errors:
        return _compose(current.kind, request.form, current, parsed.errors, 400)
    edited = parsed.broadcast
    changes = {name: getattr(edited, name) for name in _EDITABLE}
    try:
        services().broadcasts.update_draft(broadcast_id, officer(), **changes)
    except RuleViolation as error:
        return _compose(current.kind, request.form, current, (str(error),), 409)
    audit("broadcast_edit", f"broadcast:{broadcast_id}")
    return redirect(url_for("console.broadcast", broadcast_id=broadcast_id), 303)


@blueprint.post("/broadcasts/preview")
@require(Can.VIEW_BROADCASTS)
def preview_broadcast():
    kind = _kind_allowed(request.form.get("kind", ""))
    parsed = _parse(kind)
    reach = reach_by_channel(services().database, parsed.broadcast)
    return jsonify(
        preview_of(parsed.broadcast).as_json()
        | {"errors": list(parsed.errors), "reach": reach, "reach_total": sum(reach.values())}
    )


@blueprint.get("/broadcasts/<row_id:broadcast_id>")
@require(Can.VIEW_BROADCASTS)
def broadcast(broadcast_id: int):
    shown = visible_broadcast(broadcast_id)
    statistics = progress_of(broadcast_id)
    reasons = labelled_reasons(services().deliveries.coded_reasons(broadcast_id))
    return render_template(
        "console/broadcast.html", title=shown.title or f"Tin số {shown.id}",
        nav="broadcasts", broadcast=shown, preview=preview_of(shown),
        statistics=statistics, reasons=reasons, labels=STATUS_LABELS, kinds=KIND_LABELS,
        history_labels=HISTORY_LABELS, channels=channel_labels(), audiences=AUDIENCE_LABELS,
        commune_names=services().commune_names(),
        manageable=may_manage_broadcast(officer(), shown),
        reach=reach_by_channel(services().database, shown)
        if shown.status in (Status.DRAFT, Status.APPROVED, Status.SCHEDULED) else None,
    )  # fmt: skip


@blueprint.get("/broadcasts/<row_id:broadcast_id>/progress")
@require(Can.VIEW_BROADCASTS)
def broadcast_progress(broadcast_id: int):
    shown = visible_broadcast(broadcast_id)
    return jsonify(
        {"status": shown.status.value, "status_label": STATUS_LABELS[shown.status.value]}
        | progress_of(broadcast_id)
    )


_EDITABLE = (
    "title", "body", "target_communes", "audiences", "channels", "document_number",
    "issuing_body", "issue_date", "effective_date", "link", "urgent", "zalo_article",
)  # fmt: skip


def _kind_allowed(value: str) -> Kind:
    try:
        kind = Kind(value)
    except ValueError:
        abort(400)
    needed = Can.COMPOSE_NEW_LAW if kind is Kind.NEW_LAW else Can.COMPOSE_LOCAL_NOTICE
    if not can(officer(), needed):
        abort(403)
    return kind


def _parse(kind: Kind, author: str | None = None):
    parsed = broadcast_from_form(
        request.form,
        kind,
        author or officer().username,
        services().commune_names(),
        commune_scope(officer()),
    )
    if parsed.foreign_communes:
        abort(403)  # a commune official reaching past their communes by editing the form
    return parsed


def _editable(broadcast_id: int) -> Broadcast:
    broadcast = visible_broadcast(broadcast_id)
    if broadcast.status is not Status.DRAFT:
        abort(409)
    needed = Can.COMPOSE_NEW_LAW if broadcast.kind is Kind.NEW_LAW else Can.COMPOSE_LOCAL_NOTICE
    if not can(officer(), needed) or not officer().may_target(broadcast.target_communes):
        abort(403)
    return broadcast


def _compose(kind: Kind, values, broadcast: Broadcast | None, errors, status: int):
    def chosen(name: str) -> list[str]:
        return values.getlist(name) if hasattr(values, "getlist") else list(values.get(name, []))

    scope = commune_scope(officer())
    communes = [c for c in services().communes if scope is None or c.code in scope]
    return render_template(
        "console/compose.html", title="Soạn tin" if broadcast is None else "Sửa tin nháp",
        nav="broadcasts", kind=kind, kinds=KIND_LABELS, values=values, chosen=chosen,
        broadcast=broadcast, errors=errors, communes=communes, audiences=AUDIENCE_LABELS,
        channels=channel_labels(), province_wide_allowed=officer().role is not Role.COMMUNE_OFFICIAL,
    ), status  # fmt: skip
