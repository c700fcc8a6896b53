"""Signing in and out. A failed sign-in says only that the name or password is wrong;
a locked account says until when, so a locked-out official knows to wait or call."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from console.access import audit, services
from console.accounts import LoginOutcome, password_problem
from console.formatting import vn_time
from console.users import ConsoleUser

MAX_USERNAME_CHARS = 64
MAX_PASSWORD_CHARS = 256


def safe_next(target: str | None) -> str | None:
    """Pure: only a path inside the console, never another site (open redirect)."""
    if not target or not target.startswith("/console") or target.startswith("//"):
        return None
    if "\\" in target or "\n" in target or "\r" in target:
        return None
    return target


def register(blueprint: Blueprint) -> None:
    @blueprint.route("/login", methods=["GET", "POST"])
    def login():
        if current_user.is_authenticated and request.method == "GET":
            return redirect(url_for("console.dashboard"))
        if request.method == "GET":
            return render_template("console/login.html", next=request.args.get("next", ""))
        username = request.form.get("username", "").strip()[:MAX_USERNAME_CHARS]
        password = request.form.get("password", "")[:MAX_PASSWORD_CHARS]
        result = services().accounts.authenticate(username, password)
        remote = request.remote_addr
        if result.outcome is not LoginOutcome.OK:
            services().audit.record(
                username or "(trống)", f"login_{result.outcome.value}", None, None, remote
            )
            message = {
                LoginOutcome.WRONG: "Sai tên đăng nhập hoặc mật khẩu.",
                LoginOutcome.LOCKED: "Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần; "
                f"thử lại sau {vn_time(result.locked_until, '%H:%M')} "
                "hoặc liên hệ quản trị hệ thống.",
                LoginOutcome.INACTIVE: "Tài khoản đã bị vô hiệu hóa; liên hệ quản trị hệ thống.",
            }[result.outcome]
            return render_template(
                "console/login.html", error=message, username=username,
                next=request.form.get("next", ""),
            ), 401  # fmt: skip
        session.clear()  # a fresh session: nothing from before the sign-in carries over
        login_user(ConsoleUser(result.account))
        session.permanent = True
        audit("login")
        return redirect(safe_next(request.form.get("next")) or url_for("console.dashboard"))

    register_account(blueprint)

    @blueprint.post("/logout")
    @login_required
    def logout():
        audit("logout")
        logout_user()
        session.clear()
        return redirect(url_for("console.login"))


def register_account(blueprint: Blueprint) -> None:
    """Each officer changes their own password (the first one is set by an administrator)."""

    @blueprint.get("/account")
    @login_required
    def account():
        return render_template("console/account.html", title="Đổi mật khẩu")

    @blueprint.post("/account")
    @login_required
    def change_password():
        accounts = services().accounts
        username = current_user.account.username
        current = request.form.get("current", "")[:MAX_PASSWORD_CHARS]
        new = request.form.get("new", "")[:MAX_PASSWORD_CHARS]
        if accounts.authenticate(username, current).outcome is not LoginOutcome.OK:
            error = "Mật khẩu hiện tại không đúng."
        elif new != request.form.get("again", "")[:MAX_PASSWORD_CHARS]:
            error = "Hai lần nhập mật khẩu mới không khớp."
        else:
            error = password_problem(new)
        if error:
            return render_template("console/account.html", title="Đổi mật khẩu", error=error), 400
        accounts.set_password(username, new)
        audit("password_change")
        # The new session epoch ends every other session; this one signs in afresh.
        session.clear()
        login_user(ConsoleUser(accounts.get(username)))
        session.permanent = True
        flash("Đã đổi mật khẩu; các phiên đăng nhập khác đã kết thúc.", "ok")
        return redirect(url_for("console.dashboard"))
