"""Exponential backoff with jitter, honouring a platform's Retry-After when it gives one."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float = 2.0
    max_seconds: float = 600.0
    max_attempts: int = 8
    # When set, give up by elapsed time instead of by count: a citizen's reply must
    # survive an outage of minutes, which eats any fixed number of quick attempts.
    give_up_after_seconds: float | None = None

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before attempt ``attempt + 1`` (attempts count from 1).

        "Equal jitter": half the exponential step fixed, half random, so retries from many
        senders spread out but never come back sooner than half the step.
        """
        if retry_after is not None and retry_after > 0:
            return min(self.max_seconds, retry_after)
        step = min(self.max_seconds, self.base_seconds * 2 ** max(0, attempt - 1))
        return step / 2 + random.uniform(0, step / 2)  # noqa: S311 (not security-relevant)

    def gives_up_after(self, attempt: int) -> bool:
        return attempt >= self.max_attempts

    def delay_after_failure(
        self, attempt: int, error: Exception, elapsed_seconds: float = 0.0
    ) -> float | None:
        """Seconds to wait after failed attempt ``attempt``, or None to give up.

        ``elapsed_seconds``: since the first attempt, for ``give_up_after_seconds``."""
        delay = self.delay(attempt, getattr(error, "retry_after", None))
        if self.give_up_after_seconds is not None:
            return None if elapsed_seconds + delay > self.give_up_after_seconds else delay
        return None if self.gives_up_after(attempt) else delay
