"""Loads the assistant in the background so the server answers health checks at once.

Loading the Rasa model takes tens of seconds; webhooks are stored meanwhile and answered
when it is ready (``/readyz`` says when).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from bot.assistant import Assistant

logger = logging.getLogger(__name__)


class AssistantHolder:
    def __init__(self, factory: Callable[[], Assistant], on_ready: Callable[[], None]) -> None:
        self._factory = factory
        self._on_ready = on_ready
        self._assistant: Assistant | None = None
        self.error: str | None = None

    def __call__(self) -> Assistant | None:
        return self._assistant

    def load(self) -> None:
        started = time.monotonic()
        try:
            self._assistant = self._factory()
        except Exception as error:
            self.error = f"{type(error).__name__}: {error}"
            logger.exception("the assistant could not be loaded")
            return
        logger.info("assistant ready: model loaded in %.0f s", time.monotonic() - started)
        self._on_ready()

    def load_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.load, name="assistant-loader", daemon=True)
        thread.start()
        return thread
