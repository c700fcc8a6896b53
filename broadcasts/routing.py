"""Per-recipient delivery rules for broadcasts, as pure functions.

Each channel declares its windows (``channels.registry``); news takes only the windows
a bot may use: free ones, and paid ones if the operator enabled a budget. Outside them
news is held for a digest at the user's next message. Quiet hours (default 21:00–07:00
Asia/Ho_Chi_Minh) postpone non-urgent sends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from zoneinfo import ZoneInfo

from channels.contract import Access, Verdict, verdict
from channels.registry import PLATFORMS, Platforms
from kernel.outcomes import DeliveryReason

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class Route(Enum):
    SEND = "send"
    SEND_PAID = "send_paid"
    HOLD = "hold"
    SKIP = "skip"


@dataclass(frozen=True)
class RouteDecision:
    route: Route
    reason: str  # the detail, for logs: the channel's or the rule's words
    code: DeliveryReason = DeliveryReason.IN_WINDOW


@dataclass(frozen=True)
class Recipient:
    channel: str
    last_interaction: dt.datetime | None
    unreachable: bool = False


_NEWS_ACCESS = (Access.FREE, Access.PAID)  # never a person-only window: news is not a reply
_ROUTES = {Access.FREE: Route.SEND, Access.PAID: Route.SEND_PAID}


def route_for(
    recipient: Recipient,
    now: dt.datetime,
    zalo_paid_enabled: bool = False,
    platforms: Platforms = PLATFORMS,
) -> RouteDecision:
    """The route of one broadcast to one recipient; ``zalo_paid_enabled`` is the
    operator's budget for paid windows (only Zalo declares one today)."""
    if recipient.unreachable:
        return RouteDecision(
            Route.SKIP, "unreachable: blocked or unfollowed", DeliveryReason.UNREACHABLE
        )
    platform = platforms.get(recipient.channel)
    if platform is None:
        return RouteDecision(
            Route.SKIP, f"unknown channel {recipient.channel}", DeliveryReason.UNKNOWN_CHANNEL
        )
    since = now - recipient.last_interaction if recipient.last_interaction else None
    enabled = _NEWS_ACCESS if zalo_paid_enabled else (Access.FREE,)
    found = verdict(platform, since, _NEWS_ACCESS, enabled)
    route = _ROUTES[found.access] if found.access else Route.HOLD
    return RouteDecision(route, found.reason.log, window_reason(found))


def window_reason(found: Verdict) -> DeliveryReason:
    """Pure: the code of a channel's verdict on its windows."""
    if found.access is not None:
        return DeliveryReason.IN_WINDOW
    if found.refused:
        return DeliveryReason.WINDOW_NOT_ENABLED
    return DeliveryReason.OUTSIDE_WINDOWS


@dataclass(frozen=True)
class QuietHours:
    """The one quiet-hours policy: the scheduler, the command line and the console all
    ask ``postponed_to`` whether a broadcast may go out at a moment."""

    start: dt.time = dt.time(21, 0)
    end: dt.time = dt.time(7, 0)

    def postponed_to(self, moment: dt.datetime, urgent: bool) -> dt.datetime | None:
        """When a broadcast due at ``moment`` goes out instead (the end of the quiet
        hours, UTC-aware), or None if it may go at ``moment``: urgent news never waits."""
        if urgent or not self.contains(moment):
            return None
        return self.next_send_time(moment)

    def contains(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(VIETNAM).time()
        if self.start <= self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def next_send_time(self, moment: dt.datetime, urgent: bool = False) -> dt.datetime:
        """``moment`` itself, or the end of the quiet hours it falls in (UTC-aware)."""
        if urgent or not self.contains(moment):
            return moment
        local = moment.astimezone(VIETNAM)
        end = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        if end <= local:
            end += dt.timedelta(days=1)
        return end.astimezone(dt.timezone.utc)
