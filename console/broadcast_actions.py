"""Life-cycle actions on a broadcast: approve, schedule, send now, cancel.

The rules (a second person approves, a commune official acts only on their communes,
times in the future) are the broadcast engine's; these routes add the role check, the
quiet-hours warning, the audit entry, and a nudge to the sender.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, request, url_for

from broadcasts.model import Broadcast, Status
from broadcasts.routing import VIETNAM
from console.access import audit, officer, require, services
from console.blueprint import blueprint
from console.broadcast_form import parse_local_time
from kernel.permissions import Can, may_manage_broadcast, may_see_broadcast
from kernel.rules import RuleViolation


def _manageable(broadcast_id: int) -> Broadcast:
    try:
        broadcast = services().broadcasts.get(broadcast_id)
    except LookupError:
        abort(404)
    if not may_see_broadcast(officer(), broadcast) or not may_manage_broadcast(
        officer(), broadcast
    ):
        abort(403)
    return broadcast


def _back(broadcast_id: int):
    return redirect(url_for("console.broadcast", broadcast_id=broadcast_id), 303)


@blueprint.post("/broadcasts/<row_id:broadcast_id>/approve")
@require(Can.MANAGE_BROADCASTS)
def approve_broadcast(broadcast_id: int):
    _manageable(broadcast_id)
    try:
        services().broadcasts.move(broadcast_id, Status.APPROVED, officer())
    except RuleViolation as error:
        flash(str(error), "error")
        return _back(broadcast_id)
    audit("broadcast_approve", f"broadcast:{broadcast_id}")
    flash("Đã duyệt tin. Bây giờ có thể hẹn giờ hoặc gửi ngay.", "ok")
    return _back(broadcast_id)


@blueprint.post("/broadcasts/<row_id:broadcast_id>/schedule")
@require(Can.MANAGE_BROADCASTS)
def schedule_broadcast(broadcast_id: int):
    broadcast = _manageable(broadcast_id)
    at = parse_local_time(request.form.get("at", ""))
    if at is None:
        flash("Giờ gửi không hợp lệ; chọn ngày và giờ (giờ Việt Nam).", "error")
        return _back(broadcast_id)
    try:
        services().broadcasts.move(broadcast_id, Status.SCHEDULED, officer(), scheduled_at=at)
    except RuleViolation as error:
        flash(str(error), "error")
        return _back(broadcast_id)
    audit("broadcast_schedule", f"broadcast:{broadcast_id}", at=at.isoformat())
    message = f"Đã hẹn gửi lúc {at.astimezone(VIETNAM):%H:%M ngày %d/%m/%Y}."
    morning = services().quiet_hours.postponed_to(at, broadcast.urgent)
    if morning is not None:
        morning = morning.astimezone(VIETNAM)
        message += f" Giờ này trong giờ yên lặng: tin sẽ gửi lúc {morning:%H:%M %d/%m/%Y}."
    flash(message, "ok")
    return _back(broadcast_id)


@blueprint.post("/broadcasts/<row_id:broadcast_id>/send-now")
@require(Can.MANAGE_BROADCASTS)
def send_broadcast_now(broadcast_id: int):
    broadcast = _manageable(broadcast_id)
    now = dt.datetime.now(dt.timezone.utc)
    ignore_quiet = request.form.get("ignore_quiet_hours") == "on"
    quiet = services().quiet_hours.postponed_to(now, broadcast.urgent) is not None
    if quiet and not ignore_quiet:
        flash("Đang trong giờ yên lặng: hãy hẹn giờ, hoặc chọn “vẫn gửi ngay”.", "error")
        return _back(broadcast_id)
    try:
        services().broadcasts.move(broadcast_id, Status.SENDING, officer())
    except RuleViolation as error:
        flash(str(error), "error")
        return _back(broadcast_id)
    services().start_sending(broadcast_id)
    audit("broadcast_send_now", f"broadcast:{broadcast_id}", ignore_quiet_hours=ignore_quiet)
    # A fact that stays true: a "sending" note would sit beside "Đã gửi xong" once a
    # small broadcast finishes before the page is shown.
    flash("Đã bắt đầu gửi tin. Tiến độ và kết quả hiện trên trang này.", "ok")
    return _back(broadcast_id)


@blueprint.post("/broadcasts/<row_id:broadcast_id>/cancel")
@require(Can.MANAGE_BROADCASTS)
def cancel_broadcast(broadcast_id: int):
    _manageable(broadcast_id)
    try:
        services().broadcasts.move(broadcast_id, Status.CANCELLED, officer())
    except RuleViolation as error:
        flash(str(error), "error")
        return _back(broadcast_id)
    audit("broadcast_cancel", f"broadcast:{broadcast_id}")
    flash("Đã hủy tin; nếu đang gửi, việc gửi dừng trong vài giây.", "ok")
    return _back(broadcast_id)
