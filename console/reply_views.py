"""Replies that never reached their citizen: listed on the dashboard, resent by an officer."""

from __future__ import annotations

from flask import flash, redirect, url_for

from console.access import audit, require, services
from console.blueprint import blueprint
from kernel.permissions import Can


@blueprint.post("/replies/<row_id:reply_id>/resend")
@require(Can.RESEND_REPLIES)
def resend_reply(reply_id: int):
    if services().replies.resend(reply_id):
        audit("reply_resend", str(reply_id))
        services().replies_queued()
        flash("Đã xếp tin trả lời vào hàng gửi lại.", "ok")
    else:
        flash("Tin này không còn ở trạng thái gửi lỗi.", "error")
    return redirect(url_for("console.dashboard") + "#failed-replies")
