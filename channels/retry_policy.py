"""Exponential backoff with jitter, honouring a platform's Retry-After when it gives one."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float = 2.0
    max_seconds: float = 600.0
    max_attempts: int = 8

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

    def delay_after_failure(self, attempt: int, error: Exception) -> float | None:
        """Seconds to wait after failed attempt ``attempt``, or None to give up."""
        if self.gives_up_after(attempt):
            return None
        return self.delay(attempt, getattr(error, "retry_after", None))
