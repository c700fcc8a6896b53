"""What every channel declares about itself, so the packages above never switch on its
name: when a message may be sent (windows after the user's last message), how much a
message may hold, how officers call it, and how each purpose is rendered.

The window ladder is evaluated here once (``verdict``) for broadcasts and officials'
answers alike; each channel only declares its windows and their wording.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from bot.messages import OutgoingMessage


class Purpose(Enum):
    """Why a message goes out; platforms type and tag each differently."""

    REPLY = "reply"  # the assistant's answer to the user's own message
    BROADCAST = "broadcast"  # news pushed by the province
    ANSWER = "answer"  # an official's own answer to a forwarded question
    DIGEST = "digest"  # held news, following a reply


class Access(Enum):
    """The kind of send a window allows."""

    FREE = "free"
    PAID = "paid"  # billed per message: only with the operator's budget
    PERSON = "person"  # only for a reply written by a person (Facebook's HUMAN_AGENT)


@dataclass(frozen=True)
class Reason:
    """One rule outcome, worded for the delivery log (English, matched by the console's
    labels, so keep stored wordings stable) and for officials (Vietnamese)."""

    log: str
    officials: str


@dataclass(frozen=True)
class Window:
    """Up to ``span`` after the user's last message (``None``: always, even if the user
    never wrote) a send of kind ``access`` is allowed. ``refused`` words the case where
    the window applies but its kind is not enabled."""

    span: dt.timedelta | None
    access: Access
    opened: Reason
    refused: Reason | None = None

    def contains(self, since: dt.timedelta | None) -> bool:
        if self.span is None:
            return True
        return since is not None and since < self.span


@dataclass(frozen=True)
class Verdict:
    """The window that lets the message go now (``access``), or None: hold it until the
    user writes again. ``refused``: a window applied, but its kind is not enabled."""

    access: Access | None
    reason: Reason
    refused: bool = False


@dataclass(frozen=True)
class Limits:
    """What one message may hold, and how fast the platform lets us send."""

    text_limit: int | None  # characters per message part; None: no limit
    # Sends per second by default (under the published limits); None lifts the limit.
    send_rate: float | None
    # Choices shown as buttons on one message, and characters per button title; None:
    # no limit. Beyond them the channel degrades the choices to numbered text.
    quick_replies: int | None = None
    quick_reply_title: int | None = None


class Render(Protocol):
    def __call__(
        self, purpose: Purpose, user_id: str, message: OutgoingMessage, access: Access
    ) -> list[dict]:
        """Pure: the platform request bodies of ``message`` sent for ``purpose`` through a
        window of kind ``access`` (which the caller has checked)."""
        ...


@dataclass(frozen=True)
class Platform:
    """One channel's declared rules and rendering."""

    name: str
    label: str  # as officers read it on every page, report and CSV
    windows: tuple[Window, ...]  # shortest span first
    beyond: Reason  # no applicable window contains the time since the last message
    limits: Limits
    render: Render
    preview_label: str | None = None  # shown in the composer's preview; None: not shown
    article_broadcast: bool = False  # can publish news once to every follower, free
    reports_reads: bool = False  # read receipts ('read' events in the inbox) are stored
    # Told to a citizen who subscribes (Vietnamese), e.g. when news can reach them.
    subscription_note: str | None = None


def verdict(
    platform: Platform,
    since: dt.timedelta | None,
    applicable: Collection[Access],
    enabled: Collection[Access],
) -> Verdict:
    """Pure: walks the platform's windows, shortest first. A window whose kind cannot
    serve the purpose (``applicable``) is passed over; one that contains ``since`` but
    whose kind the operator has not enabled holds the message with its own reason."""
    for window in platform.windows:
        if window.access not in applicable or not window.contains(since):
            continue
        if window.access in enabled:
            return Verdict(window.access, window.opened)
        return Verdict(None, window.refused or platform.beyond, refused=True)
    return Verdict(None, platform.beyond)
