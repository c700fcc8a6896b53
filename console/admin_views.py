"""Administrators' pages: accounts (create, unlock, deactivate, reset a password) and
the audit log. Officers' roles and communes are the broadcast rules' own."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from broadcasts.model import Role
from console.access import audit, officer, require, services
from console.accounts import AccountError
from console.permissions import ROLE_LABELS, Can

ACTIONS = (
    "login", "login_wrong", "login_locked", "login_throttled", "login_inactive", "logout", "user_create",
    "user_unlock", "user_deactivate", "user_activate", "user_password", "broadcast_create",
    "broadcast_edit", "broadcast_approve", "broadcast_schedule", "broadcast_send_now",
    "broadcast_cancel", "question_claim", "question_release", "question_answer",
    "question_close", "password_change", "kb_draft_create", "kb_draft_edit", "kb_draft_approve", "kb_draft_reject",
    "report_export", "reply_resend",
)  # fmt: skip


def register(blueprint: Blueprint) -> None:
    @blueprint.get("/users")
    @require(Can.MANAGE_USERS)
    def users():
        return render_template(
            "console/users.html", title="Tài khoản", nav="users",
            accounts=services().accounts.all(), roles=ROLE_LABELS,
            communes=services().communes, commune_names=services().commune_names(),
            fields=services().knowledge_base().fields,
        )  # fmt: skip

    @blueprint.post("/users")
    @require(Can.MANAGE_USERS)
    def create_user():
        form = request.form
        try:
            role = Role(form.get("role", ""))
        except ValueError:
            flash("Vai trò không hợp lệ.", "error")
            return redirect(url_for("console.users"))
        communes = frozenset(form.getlist("communes")) & set(services().commune_names())
        try:
            account = services().accounts.create(
                form.get("username", ""), form.get("password", ""), role, communes,
                form.get("display_name", ""), tuple(form.getlist("fields")),
            )  # fmt: skip
        except (AccountError, ValueError) as error:
            flash(str(error), "error")
            return redirect(url_for("console.users"))
        audit("user_create", account.username, role=role.value, communes=sorted(communes))
        flash(f"Đã tạo tài khoản {account.username}.", "ok")
        return redirect(url_for("console.users"))

    @blueprint.post("/users/<username>/<action>")
    @require(Can.MANAGE_USERS)
    def change_user(username: str, action: str):
        accounts = services().accounts
        try:
            if action == "unlock":
                accounts.unlock(username)
            elif action in ("deactivate", "activate"):
                if username == officer().username:
                    flash("Không thể tự vô hiệu hóa tài khoản của mình.", "error")
                    return redirect(url_for("console.users"))
                accounts.set_active(username, action == "activate")
            elif action == "password":
                accounts.set_password(username, request.form.get("password", ""))
            else:
                return render_template("console/error.html", title="Không hợp lệ",
                                       message="Thao tác không hợp lệ."), 404  # fmt: skip
        except LookupError:
            return render_template("console/error.html", title="Không tìm thấy",
                                   message="Không có tài khoản này."), 404  # fmt: skip
        except AccountError as error:
            flash(str(error), "error")
            return redirect(url_for("console.users"))
        audit(f"user_{action}", username)
        flash("Đã lưu thay đổi.", "ok")
        return redirect(url_for("console.users"))

    @blueprint.get("/audit")
    @require(Can.VIEW_AUDIT)
    def audit_log():
        actor = request.args.get("actor", "").strip()[:64] or None
        action = request.args.get("action", "")
        action = action if action in ACTIONS else None
        return render_template(
            "console/audit.html", title="Nhật ký thao tác", nav="audit",
            entries=services().audit.entries(actor, action, limit=500), actions=ACTIONS,
            actor=actor or "", action=action or "",
        )  # fmt: skip
