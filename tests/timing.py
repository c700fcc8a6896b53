"""Time in tests without waiting on the wall clock: a clock the test moves, for code that
takes one, and a wait for what another thread or process brings about."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
POLL_SECONDS = 0.01


class Clock:
    """Seconds since the epoch, moved by the test; starts at the real time unless told."""

    def __init__(self, at: dt.datetime | None = None) -> None:
        self.now = (at or dt.datetime.now(dt.timezone.utc)).timestamp()

    def __call__(self) -> float:
        return self.now

    def set(self, at: dt.datetime) -> None:
        self.now = at.timestamp()

    def advance(self, seconds: float) -> None:
        self.now += seconds


def wait_until(condition: Callable[[], T], timeout: float = 10.0, what: str = "") -> T:
    """Polls ``condition`` until it returns something truthy, and returns that.

    For work done by a background thread or a child process, which the test cannot
    drive step by step: it returns as soon as the work is seen, and fails with ``what``
    after ``timeout`` seconds instead of hanging. ``condition`` may raise to fail early
    (a child process that died, say)."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
        time.sleep(POLL_SECONDS)
