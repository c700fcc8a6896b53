"""The simulator as a ``ReplyChannel``: replies are kept as rendered, buttons included."""

from __future__ import annotations

from bot.messages import OutgoingMessage
from channels.simulator import CHANNEL


class SimulatorChannel:
    name = CHANNEL

    def render(self, user_id: str, message: OutgoingMessage) -> list[dict]:
        return [
            {
                "text": message.text,
                "quick_replies": [
                    {"title": reply.title, "payload": reply.payload}
                    for reply in message.quick_replies
                ],
            }
        ]

    def send(self, body: dict) -> str | None:
        # Nothing to call: once marked sent, the page fetches the reply from the outbox.
        return None

    def show_typing(self, user_id: str) -> None:
        """The page shows its own indicator while it waits."""
