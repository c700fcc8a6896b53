"""Small protocols the core needs from higher layers; the composition root passes them in.

``bot`` imports nothing of ours, so when the dialogue must forward a question or read a
model, it depends on these shapes and not on the packages that implement them.
"""

from __future__ import annotations

from typing import Protocol

from bot.interpretation import Interpretation
from bot.messages import IncomingMessage


class Parser(Protocol):
    def parse(self, text: str) -> Interpretation: ...


class QuestionForwarder(Protocol):
    """Hands a citizen's question to the officials who must answer it."""

    def forward(
        self, message: IncomingMessage, question: str, likely_faq_ids: tuple[str, ...]
    ) -> None: ...
