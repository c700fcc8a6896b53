"""Signing in and out. Every refused sign-in (unknown name, wrong password, locked
account, too many failures from one address) gets the same answer, so the page reveals
neither who exists nor who is locked; it says how long to wait and whom to call."""

from __future__ import annotations

import time

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from console.access import audit, services
from console.accounts import Account, LoginOutcome, password_problem
from console.blueprint import blueprint
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


def refused_message(lockout_seconds: float) -> str:
    """Pure: the one answer to every refused sign-in (the password was not proven)."""
    minutes = max(1, round(lockout_seconds / 60))
    return (
        "Sai tên đăng nhập hoặc mật khẩu. Nếu nhập sai nhiều lần, việc đăng nhập bị tạm "
        f"khóa {minutes} phút; khi đó hãy chờ rồi thử lại hoặc liên hệ quản trị hệ thống."
    )


def open_session(account: Account) -> ConsoleUser:
    """A new server-side session for a proven officer, to hand to ``login_user``."""
    return ConsoleUser(account, services().sessions.open(account.username, time.time()))


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("console.dashboard"))
    if request.method == "GET":
        return render_template("console/login.html", next=request.args.get("next", ""))
    username = request.form.get("username", "").strip()[:MAX_USERNAME_CHARS]
    password = request.form.get("password", "")[:MAX_PASSWORD_CHARS]
    remote = request.remote_addr or ""
    accounts = services().accounts
    result = accounts.authenticate(username, password, remote)
    if result.outcome is not LoginOutcome.OK:
        services().audit.record(
            username or "(trống)", f"login_{result.outcome.value}", None, None, remote
        )
        message = (
            "Tài khoản đã bị vô hiệu hóa; liên hệ quản trị hệ thống."
            if result.outcome is LoginOutcome.INACTIVE
            else refused_message(accounts.policy.lockout_seconds)
        )
        return render_template(
            "console/login.html", error=message, username=username,
            next=request.form.get("next", ""),
        ), 401  # fmt: skip
    session.clear()  # a fresh session: nothing from before the sign-in carries over
    login_user(open_session(result.account))
    session.permanent = True
    audit("login")
    return redirect(safe_next(request.form.get("next")) or url_for("console.dashboard"))


@blueprint.post("/logout")
@login_required
def logout():
    audit("logout")
    services().sessions.end(current_user.session_id)
    logout_user()
    session.clear()
    return redirect(url_for("console.login"))


@blueprint.get("/account")
@login_required
def account():
    """Each officer changes their own password (the first one is set by an administrator)."""
    return render_template("console/account.html", title="Đổi mật khẩu")


@blueprint.post("/account")
@login_required
def change_password():
    accounts = services().accounts
    username = current_user.account.username
    current = request.form.get("current", "")[:MAX_PASSWORD_CHARS]
    new = request.form.get("new", "")[:MAX_PASSWORD_CHARS]
    checked = accounts.authenticate(username, current, request.remote_addr or "")
    if checked.outcome is not LoginOutcome.OK:
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
    services().sessions.end_all(username)
    session.clear()
    login_user(open_session(accounts.get(username)))
    session.permanent = True
    flash("Đã đổi mật khẩu; các phiên đăng nhập khác đã kết thúc.", "ok")
    return redirect(url_for("console.dashboard"))
