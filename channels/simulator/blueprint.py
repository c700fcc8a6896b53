"""Routes of the simulator: the chat page, posting a message, polling for replies.

Each browser gets a random secret in an HTTP-only cookie when it opens the page; its
chat user is derived from that secret. Replies are read back only with the secret, so
no one can read another tester's chat (officials' answers included) by guessing an id.
Posts are rate-limited per browser and per address.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Protocol

from flask import Blueprint, Response, jsonify, redirect, render_template, request

from bot.messages import IncomingMessage, MessageKind
from channels.ports import Inbox, InboxUnavailable
from channels.simulator import CHANNEL
from channels.simulator.rate_limit import PerMinuteLimit
from channels.webhook_body import UnreadableBody, parse_json_body

MAX_TEXT_CHARS = 2000
COOKIE = "simulator_secret"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class ReplyFeed(Protocol):
    def replies_after(self, channel: str, user_id: str, after_id: int) -> list[dict]:
        """Sent replies with ids above ``after_id``: ``{id, text, quick_replies}``."""
        ...

    def news_after(self, user_id: str, after_id: int) -> list[dict]:
        """Broadcasts delivered to this simulator user, ids above ``after_id``: ``{id, text}``."""
        ...


def user_for(secret: str) -> str:
    """Pure: the chat user of a browser secret (the id officials see, not the secret)."""
    return "web-" + hashlib.sha256(secret.encode()).hexdigest()[:20]


def simulator_blueprint(inbox: Inbox, feed: ReplyFeed, per_minute: int = 20) -> Blueprint:
    blueprint = Blueprint("simulator", __name__, template_folder="templates")
    per_browser = PerMinuteLimit(per_minute)
    per_address = PerMinuteLimit(per_minute * 3)

    @blueprint.after_request
    def hardened(response: Response) -> Response:
        for name, value in _HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @blueprint.get("/simulator")
    def page() -> Response:
        response = Response(render_template("simulator.html"), mimetype="text/html")
        if not _secret():
            response.set_cookie(
                COOKIE, secrets.token_urlsafe(24), httponly=True, samesite="Strict",
                path="/simulator", max_age=30 * 24 * 3600,
            )  # fmt: skip
        return response

    @blueprint.get("/simulator/")
    def page_with_slash() -> Response:
        # The page's script posts to paths relative to "/simulator": one address only.
        return redirect("/simulator", code=308)

    @blueprint.post("/simulator/messages")
    def post_message() -> tuple[Response, int]:
        secret = _secret()
        if not secret:
            return _error("open /simulator first: the page gives this browser its chat"), 403
        if not (per_browser.allows(secret) and per_address.allows(request.remote_addr or "")):
            return _error("too many messages; wait a minute"), 429
        try:
            body = parse_json_body(request.get_data(cache=False))
        except UnreadableBody:
            return _error("expected a JSON object"), 400
        if not isinstance(body, dict):
            return _error("expected a JSON object"), 400
        message_id = body.get("message_id")
        text, payload = body.get("text", ""), body.get("payload")
        if not (isinstance(message_id, str) and _TOKEN.match(message_id)):
            return _error("message_id: 1-64 letters, digits, '-' or '_'"), 400
        if not isinstance(text, str) or len(text) > MAX_TEXT_CHARS:
            return _error(f"text: a string of at most {MAX_TEXT_CHARS} characters"), 400
        if payload is not None and not (isinstance(payload, str) and len(payload) <= 200):
            return _error("payload: a string of at most 200 characters"), 400
        kind = MessageKind.CHOICE if payload else MessageKind.TEXT
        user_id = user_for(secret)
        message = IncomingMessage(CHANNEL, user_id, kind, text, payload, f"{user_id}-{message_id}")
        try:
            inbox.accept([message])
        except InboxUnavailable:
            return _error("try again later"), 503
        return jsonify({"accepted": True, "user_id": user_id}), 202

    @blueprint.get("/simulator/replies")
    def poll_replies() -> tuple[Response, int]:
        secret = _secret()
        after = request.args.get("after", "0")
        after_news = request.args.get("after_news", "0")
        if not secret:
            return _error("open /simulator first: the page gives this browser its chat"), 403
        if not all(value.isdigit() and len(value) <= 18 for value in (after, after_news)):
            return _error("numeric 'after' and 'after_news' are required"), 400
        user_id = user_for(secret)
        return jsonify(
            {
                "user_id": user_id,
                "replies": feed.replies_after(CHANNEL, user_id, int(after)),
                "news": feed.news_after(user_id, int(after_news)),
            }
        ), 200

    return blueprint


def _secret() -> str | None:
    secret = request.cookies.get(COOKIE, "")
    return secret if _TOKEN.match(secret) and len(secret) >= 16 else None


def _error(message: str) -> Response:
    return jsonify({"error": message})
