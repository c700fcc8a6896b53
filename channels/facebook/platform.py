"""Messenger's declared rules and rendering per purpose (platforms/facebook.md).

Free replies only within 24 hours of the user's last message; since 27 April 2026 no
tag or recurring notification may carry news, so news outside the window waits for a
digest. The HUMAN_AGENT tag (24 hours to 7 days) is for a person's own reply only, and
only if the Page's app was granted the Human Agent feature.
"""

from __future__ import annotations

import datetime as dt

from bot.messages import OutgoingMessage
from channels.contract import Access, Limits, Platform, Purpose, Reason, Window
from channels.facebook import CHANNEL
from channels.facebook.outbound import (
    MAX_QUICK_REPLIES,
    RESPONSE,
    TEXT_LIMIT,
    TITLE_LIMIT,
    UPDATE,
    human_agent_bodies,
    message_bodies,
)

REPLY_WINDOW = dt.timedelta(hours=24)
HUMAN_AGENT_WINDOW = dt.timedelta(days=7)
SUBSCRIPTION_NOTE = (
    "Lưu ý: trên Facebook, trang chỉ gửi tin được cho bạn trong 24 giờ sau khi bạn nhắn tin; "
    "tin đến lúc khác sẽ được gửi tóm tắt ở lần bạn nhắn tiếp theo."
)


def render(
    purpose: Purpose, user_id: str, message: OutgoingMessage, access: Access = Access.FREE
) -> list[dict]:
    """Pure: news inside the window goes as UPDATE and never with a tag; a person's
    answer past 24 hours carries HUMAN_AGENT; everything else answers the user."""
    if purpose is Purpose.BROADCAST:
        return message_bodies(user_id, message, UPDATE)
    if purpose is Purpose.ANSWER and access is Access.PERSON:
        return human_agent_bodies(user_id, message)
    return message_bodies(user_id, message, RESPONSE)


FACEBOOK = Platform(
    name=CHANNEL,
    label="Facebook",
    windows=(
        Window(
            REPLY_WINDOW,
            Access.FREE,
            Reason(
                "facebook: inside the 24-hour window (UPDATE)",
                "Facebook: trong 24 giờ kể từ tin nhắn cuối",
            ),
        ),
        Window(
            HUMAN_AGENT_WINDOW,
            Access.PERSON,
            Reason(
                "facebook: HUMAN_AGENT tag (within 7 days)",
                "Facebook: thẻ HUMAN_AGENT (trong 7 ngày)",
            ),
            refused=Reason(
                "facebook: over 24 hours and the HUMAN_AGENT tag is not enabled",
                "Facebook: quá 24 giờ và chưa bật thẻ HUMAN_AGENT",
            ),
        ),
    ),
    # News never takes the HUMAN_AGENT window, so for news "beyond" starts at 24 hours.
    beyond=Reason(
        "facebook: outside the 24-hour window", "Facebook: quá 7 ngày kể từ tin nhắn cuối"
    ),
    # Messenger allows 300 sends a second per Page: stay under it.
    limits=Limits(
        text_limit=TEXT_LIMIT,
        send_rate=250.0,
        quick_replies=MAX_QUICK_REPLIES,
        quick_reply_title=TITLE_LIMIT,
    ),
    render=render,
    preview_label="Facebook Messenger",
    reports_reads=True,
    subscription_note=SUBSCRIPTION_NOTE,
)
