"""The trained Rasa model, loaded once and kept in memory, behind a synchronous ``parse``.

Rasa's agent is asynchronous; the rest of the product is not. One private event loop and a
lock make ``parse`` safe to call from the worker threads that later issues add.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from bot import rasa_environment  # sets the environment before rasa loads

# isort: split
from rasa.core.agent import Agent

from bot.interpretation import Interpretation, interpretation_from_parse
from bot.story_focus import best_reading, focus_candidates, whole_reading_is_clear

# Importing TensorFlow resets the warning filters set before it.
rasa_environment.quiet_libraries()

# Folded text beyond this is a pasted document, not a question; the head carries the topic
# and parsing time grows with length.
MAX_PARSED_CHARS = 1000


class RasaNlu:
    def __init__(self, agent: Agent) -> None:
        self._agent = agent
        self._loop = asyncio.new_event_loop()
        self._lock = threading.Lock()

    @classmethod
    def load(cls, model_path: Path) -> RasaNlu:
        return cls(Agent.load(str(model_path)))

    def parse_raw(self, text: str) -> dict:
        with self._lock:
            return self._loop.run_until_complete(self._agent.parse_message(text[:MAX_PARSED_CHARS]))

    def parse(self, text: str) -> Interpretation:
        """The reading of the message, or of its question sentences if it is a long story
        (``bot.story_focus``)."""
        whole, *sentences = focus_candidates(text)
        whole_reading = interpretation_from_parse(self.parse_raw(whole))
        if not sentences or whole_reading_is_clear(whole_reading):
            return whole_reading
        readings = [interpretation_from_parse(self.parse_raw(sentence)) for sentence in sentences]
        return best_reading([whole_reading, *readings])
