"""Typed send failures; callers decide per type whether to retry, refresh or give up."""

from __future__ import annotations


class ChannelError(Exception):
    """A send that failed; ``code`` is the platform's own error code when it gave one."""

    def __init__(self, message: str, code: int | str | None = None) -> None:
        super().__init__(message)
        self.code = code


class InvalidToken(ChannelError):
    """The access token is invalid or expired: refresh it (Zalo) or alert an operator."""


class OutsideWindow(ChannelError):
    """The platform refuses messages to this user now: hold until the user writes again."""


class RecipientUnreachable(ChannelError):
    """The user blocked the page or unfollowed the account: never retry, mark unreachable."""


class RateLimited(ChannelError):
    """Too many calls; wait ``retry_after`` seconds (or back off) before trying again."""

    def __init__(
        self, message: str, code: int | str | None = None, retry_after: float | None = None
    ):
        super().__init__(message, code)
        self.retry_after = retry_after


class TransientError(ChannelError):
    """A timeout, connection failure or server error: retry with backoff."""


class PermanentError(ChannelError):
    """A request the platform will never accept as sent (bad parameter, page restricted)."""


# Worth trying again later (an InvalidToken has already had its one refresh in the client).
RETRY_LATER = (RateLimited, TransientError, InvalidToken)


def retry_after_seconds(header: str | None) -> float | None:
    """A Retry-After header in seconds; None when absent or not a number."""
    try:
        return float(header) if header is not None else None
    except ValueError:
        return None
