"""Pure: the platform request bodies of one broadcast for one recipient.

Facebook: ``messaging_type: UPDATE`` (allowed only inside the 24-hour window, which the
router has checked) and never a message tag. Zalo: a consultation message, free under
48 hours and billed from 48 hours to 7 days by Zalo itself (same endpoint).
"""

from __future__ import annotations

from bot.messages import OutgoingMessage
from channels.facebook.outbound import UPDATE, message_bodies
from channels.zalo.outbound import cs_bodies


def broadcast_bodies(channel: str, user_id: str, text: str) -> list[dict]:
    message = OutgoingMessage(text)
    if channel == "facebook":
        return message_bodies(user_id, message, UPDATE)
    if channel == "zalo":
        return cs_bodies(user_id, message)
    return [{"text": text, "quick_replies": []}]
