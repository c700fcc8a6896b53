"""Routes of the simulator: the chat page, posting a message, polling for replies."""

from __future__ import annotations

import re
from typing import Protocol

from flask import Blueprint, Response, jsonify, render_template, request

from bot.messages import IncomingMessage, MessageKind
from channels.ports import Inbox, InboxUnavailable
from channels.simulator import CHANNEL

MAX_TEXT_CHARS = 2000
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class ReplyFeed(Protocol):
    def replies_after(self, channel: str, user_id: str, after_id: int) -> list[dict]:
        """Sent replies with ids above ``after_id``: ``{id, text, quick_replies}``."""
        ...

    def news_after(self, user_id: str, after_id: int) -> list[dict]:
        """Broadcasts delivered to this simulator user, ids above ``after_id``: ``{id, text}``."""
        ...


def simulator_blueprint(inbox: Inbox, feed: ReplyFeed) -> Blueprint:
    blueprint = Blueprint("simulator", __name__, template_folder="templates")

    @blueprint.get("/simulator")
    def page() -> str:
        return render_template("simulator.html")

    @blueprint.post("/simulator/messages")
    def post_message() -> tuple[Response, int]:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return _error("expected a JSON object"), 400
        user_id, message_id = body.get("user_id"), body.get("message_id")
        text, payload = body.get("text", ""), body.get("payload")
        if not (isinstance(user_id, str) and _TOKEN.match(user_id)):
            return _error("user_id: 1-64 letters, digits, '-' or '_'"), 400
        if not (isinstance(message_id, str) and _TOKEN.match(message_id)):
            return _error("message_id: 1-64 letters, digits, '-' or '_'"), 400
        if not isinstance(text, str) or len(text) > MAX_TEXT_CHARS:
            return _error(f"text: a string of at most {MAX_TEXT_CHARS} characters"), 400
        if payload is not None and not (isinstance(payload, str) and len(payload) <= 200):
            return _error("payload: a string of at most 200 characters"), 400
        kind = MessageKind.CHOICE if payload else MessageKind.TEXT
        message = IncomingMessage(CHANNEL, user_id, kind, text, payload, message_id)
        try:
            inbox.accept([message])
        except InboxUnavailable:
            return _error("try again later"), 503
        return jsonify({"accepted": True}), 202

    @blueprint.get("/simulator/replies")
    def poll_replies() -> tuple[Response, int]:
        user_id = request.args.get("user_id", "")
        after = request.args.get("after", "0")
        after_news = request.args.get("after_news", "0")
        if not _TOKEN.match(user_id) or not all(
            value.isdigit() and len(value) <= 18 for value in (after, after_news)
        ):
            return _error("user_id and numeric 'after' and 'after_news' are required"), 400
        return jsonify(
            {
                "replies": feed.replies_after(CHANNEL, user_id, int(after)),
                "news": feed.news_after(user_id, int(after_news)),
            }
        ), 200

    return blueprint


def _error(message: str) -> Response:
    return jsonify({"error": message})
