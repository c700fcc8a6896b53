"""Pure: the platform request bodies of one broadcast for one recipient, as the
recipient's channel renders news (the router has checked the window)."""

from __future__ import annotations

from bot.messages import OutgoingMessage
from channels.contract import Access, Purpose
from channels.registry import PLATFORMS, Platforms


def broadcast_bodies(
    channel: str,
    user_id: str,
    text: str,
    access: Access = Access.FREE,
    platforms: Platforms = PLATFORMS,
) -> list[dict]:
    return platforms[channel].render(Purpose.BROADCAST, user_id, OutgoingMessage(text), access)
