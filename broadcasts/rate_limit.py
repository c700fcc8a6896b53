"""A blocking token bucket per channel, shared by the sender threads of one process.

Hand-written because what the engine needs is twenty lines: block the calling thread
until a send is allowed, smoothly, in-process. The rate-limit libraries on PyPI either
count fixed windows (bursts at window edges, which is what gets a page throttled) or
bring a storage backend we do not need.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class TokenBucket:
    """``rate`` sends per second on average, at most ``burst`` at once; ``rate=None``
    means unlimited (benchmarks lift the limit to measure the engine itself)."""

    def __init__(
        self,
        rate: float | None,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate = rate
        self._capacity = burst if burst is not None else max(1.0, (rate or 0) / 10)
        self._tokens = self._capacity
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        if self.rate is None:
            return
        while True:
            with self._lock:
                now = self._clock()
                self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self.rate)
                self._updated = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                wait = (1 - self._tokens) / self.rate
            self._sleep(wait)
