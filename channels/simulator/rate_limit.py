"""A sliding one-minute window of posts per key, kept in memory (one server process).

Enough for a local test chat; the real platforms rate-limit their own users.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class PerMinuteLimit:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._per_minute = per_minute
        self._clock = clock
        self._posts: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allows(self, key: str) -> bool:
        """Counts one post for ``key``; False when the key is over its limit."""
        now = self._clock()
        with self._lock:
            if len(self._posts) > 10_000:  # forget idle keys rather than grow forever
                self._posts = {k: q for k, q in self._posts.items() if q[-1] > now - 60}
            posts = self._posts.setdefault(key, deque())
            while posts and posts[0] <= now - WINDOW_SECONDS:
                posts.popleft()
            if len(posts) >= self._per_minute:
                return False
            posts.append(now)
            return True
