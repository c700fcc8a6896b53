"""Zalo OA as a ``ReplyChannel``: consultation messages through one client."""

from __future__ import annotations

from bot.messages import OutgoingMessage
from channels.contract import Purpose
from channels.zalo import CHANNEL
from channels.zalo.client import ZaloClient
from channels.zalo.platform import render


class ZaloChannel:
    name = CHANNEL

    def __init__(self, client: ZaloClient, quick_reply_buttons: bool = False) -> None:
        self._client = client
        self._buttons = quick_reply_buttons

    def render(self, user_id: str, message: OutgoingMessage) -> list[dict]:
        return render(Purpose.REPLY, user_id, message, buttons=self._buttons)

    def send(self, body: dict) -> str | None:
        return self._client.send_consultation(body)

    def show_typing(self, user_id: str) -> None:
        """Zalo's OA API documents no typing indicator."""
