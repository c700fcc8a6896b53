"""Mounts the console on the Flask app: sessions, CSRF, sign-in, security headers.

Cookies are HTTP-only, SameSite=Lax and (by default) Secure; sessions expire after
``session_hours`` without use. CSRF tokens are checked on every console form and on
the preview calls (header ``X-CSRFToken``), not on the platforms' webhooks, which
prove themselves with their signatures instead.
"""

from __future__ import annotations

import datetime as dt
import time

from flask import Flask, abort, current_app, render_template, request
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.routing import IntegerConverter

from console.blueprint import blueprint
from console.services import ConsoleConfig, ConsoleServices
from console.users import ConsoleUser, session_key

MAX_ROW_ID = 2**63 - 1
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# No CDN, nothing external: the console must work on a government intranet.
_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class RowIdConverter(IntegerConverter):
    """A row id SQLite can hold: a larger number in a URL is a 404, not an overflow."""

    def __init__(self, url_map) -> None:
        super().__init__(url_map, min=1, max=MAX_ROW_ID)


def init_console(app: Flask, services: ConsoleServices, config: ConsoleConfig) -> None:
    from console import views  # puts every route on the blueprint

    app.url_map.converters["row_id"] = RowIdConverter
    app.config.update(
        SECRET_KEY=config.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=config.session_hours),
        # Checked only where the console asks (below): webhooks carry signatures.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    app.extensions["console"] = services
    app.extensions["console_config"] = config
    CSRFProtect(app)
    login = LoginManager(app)
    login.login_view = "console.login"
    login.login_message = "Vui lòng đăng nhập để tiếp tục."
    login.session_protection = "strong"

    @login.user_loader
    def load_user(user_id: str) -> ConsoleUser | None:
        key = session_key(user_id)
        if key is None:
            return None
        username, epoch, session_id = key
        account = services.accounts.find(username)
        if account is None or not account.active or account.session_epoch != epoch:
            return None
        if not services.sessions.is_live(session_id, username, time.time()):
            return None
        return ConsoleUser(account, session_id)

    app.register_blueprint(views.blueprint)

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        return render_template(
            "console/error.html",
            title="Phiên làm việc đã hết hạn",
            message="Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi thử lại.",
        ), 400

    for status, title, message in (
        (400, "Yêu cầu không hợp lệ", "Dữ liệu gửi lên không hợp lệ. Hãy quay lại và thử lại."),
        (403, "Không có quyền", "Bạn không có quyền thực hiện việc này."),
        (404, "Không tìm thấy", "Trang hoặc mục bạn tìm không có."),
        (409, "Không thể thay đổi", "Mục này đã đổi trạng thái nên không sửa được nữa."),
        (413, "Dữ liệu quá lớn", "Nội dung gửi lên quá lớn."),
    ):
        app.register_error_handler(status, _page_or_default(status, title, message))


@blueprint.before_request
def check_csrf() -> None:
    if request.method not in _SAFE_METHODS:
        if not same_origin(request.headers, request.host_url):
            abort(403)
        current_app.extensions["csrf"].protect()


@blueprint.after_request
def security_headers(response):
    response.headers.setdefault("Content-Security-Policy", _CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint != "console.static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def same_origin(headers, host_url: str) -> bool:
    """Pure: a state-changing request's Origin (or, without it, Referer) names this site.

    A second line behind the CSRF token: browsers send Origin on every cross-site POST.
    Neither header (a script, an old client) leaves the decision to the token."""
    own = host_url.rstrip("/")
    origin = headers.get("Origin")
    if origin is not None:
        return origin.rstrip("/") == own
    referer = headers.get("Referer")
    if referer is not None:
        return referer == own or referer.startswith(own + "/")
    return True


def _page_or_default(status: int, title: str, message: str):
    def handler(error):
        if request.path.startswith("/console"):
            return render_template("console/error.html", title=title, message=message), status
        return error

    return handler
