"""Zalo OA's declared rules and rendering per purpose (platforms/zalo.md).

Consultation messages are free within 48 hours of the user's last interaction, billed
from 48 hours to 7 days (only with the operator's budget) and refused after. Every
purpose goes out as the same consultation message.
"""

from __future__ import annotations

import datetime as dt

from bot.messages import OutgoingMessage
from channels.contract import Access, Limits, Platform, Purpose, Reason, Window
from channels.zalo import CHANNEL
from channels.zalo.outbound import BUTTON_TITLE_LIMIT, MAX_BUTTONS, TEXT_LIMIT, cs_bodies

FREE_WINDOW = dt.timedelta(hours=48)
PAID_WINDOW = dt.timedelta(days=7)


def render(
    purpose: Purpose,
    user_id: str,
    message: OutgoingMessage,
    access: Access = Access.FREE,
    buttons: bool = False,
) -> list[dict]:
    """Pure: Zalo bills by the time since the user's last interaction, not by the body,
    so purpose and access change nothing. Buttons are opt-in (UNVERIFIED, §2.2)."""
    return cs_bodies(user_id, message, buttons=buttons)


ZALO = Platform(
    name=CHANNEL,
    label="Zalo",
    windows=(
        Window(
            FREE_WINDOW,
            Access.FREE,
            Reason(
                "zalo: free consultation message (under 48 h)",
                "Zalo: tin tư vấn miễn phí (trong 48 giờ)",
            ),
        ),
        Window(
            PAID_WINDOW,
            Access.PAID,
            Reason(
                "zalo: paid consultation message (48 h-7 d)",
                "Zalo: tin tư vấn có phí (48 giờ–7 ngày)",
            ),
            refused=Reason(
                "zalo: 48 h-7 d and paid messages are disabled",
                "Zalo: quá 48 giờ và chưa bật tin có phí",
            ),
        ),
    ),
    beyond=Reason(
        "zalo: no interaction in the last 7 days", "Zalo: quá 7 ngày kể từ lần tương tác cuối"
    ),
    # About 4,000 a minute are allowed: stay well under it.
    # Buttons (when enabled) hold 4 choices of 40 characters; otherwise choices go out
    # as numbered text, where short titles read best too.
    limits=Limits(
        text_limit=TEXT_LIMIT,
        send_rate=50.0,
        quick_replies=MAX_BUTTONS,
        quick_reply_title=BUTTON_TITLE_LIMIT,
    ),
    render=render,
    preview_label="Zalo OA",
    article_broadcast=True,
)
