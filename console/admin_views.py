"""Administrators' pages: accounts (create, unlock, deactivate, reset a password) and
the audit log. Officers' roles and communes are the broadcast rules' own."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for

from console.access import audit, officer, require, services
from console.accounts import AccountError
from console.audit_labels import ACTION_LABELS, action_label, audit_table, detail_text
from console.blueprint import blueprint
from console.csv_export import table_csv
from kernel.identity import ROLE_LABELS, Role
from kernel.permissions import Can

# Least privileged first: the form starts on a commune official (bound to communes);
# an administrator is granted only with the confirmation box ticked.
NEW_ACCOUNT_ROLES = (
    Role.COMMUNE_OFFICIAL,
    Role.LEGAL_REVIEWER,
    Role.COMMUNICATION_OFFICER,
    Role.ADMINISTRATOR,
)


@blueprint.get("/users")
@require(Can.MANAGE_USERS)
def users():
    return render_template(
        "console/users.html", title="Tài khoản", nav="users",
        accounts=services().accounts.all(), roles=ROLE_LABELS,
        new_account_roles=NEW_ACCOUNT_ROLES,
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
    if role is Role.ADMINISTRATOR and form.get("confirm_administrator") != "yes":
        flash(
            "Vai trò quản trị hệ thống có toàn quyền: hãy đánh dấu ô xác nhận để cấp.",
            "error",
        )
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
    actor, action = _audit_filter()
    return render_template(
        "console/audit.html", title="Nhật ký thao tác", nav="audit",
        entries=services().audit.entries(actor, action, limit=500), actions=ACTION_LABELS,
        actor=actor or "", action=action or "", action_label=action_label,
        detail_text=lambda detail: detail_text(detail, services().commune_names()),
    )  # fmt: skip


@blueprint.get("/audit.csv")
@require(Can.VIEW_AUDIT)
def audit_csv():
    actor, action = _audit_filter()
    table = audit_table(services().audit.entries(actor, action, limit=100_000))
    return Response(
        table_csv(table),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="nhat-ky-thao-tac.csv"'},
    )


def _audit_filter() -> tuple[str | None, str | None]:
    actor = request.args.get("actor", "").strip()[:64] or None
    action = request.args.get("action", "")
    return actor, action if action in ACTION_LABELS else None
