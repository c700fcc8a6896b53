"""The simulator as a ``ReplyChannel``: replies are kept as rendered, buttons included."""

from __future__ import annotations

from bot.messages import OutgoingMessage
from channels.contract import Purpose
from channels.simulator import CHANNEL
from channels.simulator.platform import render


class SimulatorChannel:
    name = CHANNEL

    def render(self, user_id: str, message: OutgoingMessage) -> list[dict]:
        return render(Purpose.REPLY, user_id, message)

    def send(self, body: dict) -> str | None:
        # Nothing to call: once marked sent, the page fetches the reply from the outbox.
        return None

    def show_typing(self, user_id: str) -> None:
        """The page shows its own indicator while it waits."""
