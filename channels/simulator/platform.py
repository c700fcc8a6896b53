"""The local chat's declared rules and rendering: no window, no limit, and every
purpose kept as rendered (text and buttons) for the page to read back."""

from __future__ import annotations

from bot.messages import OutgoingMessage
from channels.contract import Access, Limits, Platform, Purpose, Reason, Window
from channels.simulator import CHANNEL


def render(
    purpose: Purpose, user_id: str, message: OutgoingMessage, access: Access = Access.FREE
) -> list[dict]:
    """Pure: one body whatever the purpose; the page shows buttons itself."""
    return [
        {
            "text": message.text,
            "quick_replies": [
                {"title": reply.title, "payload": reply.payload} for reply in message.quick_replies
            ],
        }
    ]


SIMULATOR = Platform(
    name=CHANNEL,
    label="Chat thử",
    windows=(Window(None, Access.FREE, Reason("simulator: no window", "Chat thử: gửi ngay")),),
    beyond=Reason("simulator: no window", "Chat thử: gửi ngay"),
    limits=Limits(text_limit=None, send_rate=None),
    render=render,
)
