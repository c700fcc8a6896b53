"""Messenger as a ``ReplyChannel``: Send API bodies out through one client."""

from __future__ import annotations

import logging

from bot.messages import OutgoingMessage
from channels.contract import Purpose
from channels.errors import ChannelError
from channels.facebook import CHANNEL
from channels.facebook.client import FacebookClient
from channels.facebook.outbound import typing_on_body
from channels.facebook.platform import render

logger = logging.getLogger(__name__)


class FacebookChannel:
    name = CHANNEL

    def __init__(self, client: FacebookClient) -> None:
        self._client = client

    def render(self, user_id: str, message: OutgoingMessage) -> list[dict]:
        # Replies to a user's message are always inside their 24-hour window.
        return render(Purpose.REPLY, user_id, message)

    def send(self, body: dict) -> str | None:
        return self._client.send(body)

    def show_typing(self, user_id: str) -> None:
        try:
            self._client.send(typing_on_body(user_id))
        except ChannelError as error:
            logger.info("typing indicator not shown: %s", type(error).__name__)
