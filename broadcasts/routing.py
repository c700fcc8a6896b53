"""Per-recipient platform rules for broadcasts, as pure functions (platforms/*.md).

- Facebook: no free push outside the 24-hour window any more (message tags withdrawn on
  2026-04-27, recurring notifications closed for Vietnam): inside it send as UPDATE,
  otherwise hold for a digest at the user's next message. Never a message tag.
- Zalo: consultation messages are free within 48 hours of the user's last interaction,
  paid from 48 hours to 7 days (only if the operator enabled a budget), refused after.
- Quiet hours (default 21:00–07:00 Asia/Ho_Chi_Minh) postpone non-urgent sends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FACEBOOK_WINDOW = dt.timedelta(hours=24)
ZALO_FREE_WINDOW = dt.timedelta(hours=48)
ZALO_PAID_WINDOW = dt.timedelta(days=7)


class Route(Enum):
    SEND = "send"
    SEND_PAID = "send_paid"
    HOLD = "hold"
    SKIP = "skip"


@dataclass(frozen=True)
class RouteDecision:
    route: Route
    reason: str


@dataclass(frozen=True)
class Recipient:
    channel: str
    last_interaction: dt.datetime | None
    unreachable: bool = False


def route_for(
    recipient: Recipient, now: dt.datetime, zalo_paid_enabled: bool = False
) -> RouteDecision:
    if recipient.unreachable:
        return RouteDecision(Route.SKIP, "unreachable: blocked or unfollowed")
    if recipient.channel == "simulator":
        return RouteDecision(Route.SEND, "simulator: no window")
    since = now - recipient.last_interaction if recipient.last_interaction else None
    if recipient.channel == "facebook":
        if since is not None and since < FACEBOOK_WINDOW:
            return RouteDecision(Route.SEND, "facebook: inside the 24-hour window (UPDATE)")
        return RouteDecision(Route.HOLD, "facebook: outside the 24-hour window")
    if recipient.channel == "zalo":
        if since is not None and since < ZALO_FREE_WINDOW:
            return RouteDecision(Route.SEND, "zalo: free consultation message (under 48 h)")
        if since is not None and since < ZALO_PAID_WINDOW:
            if zalo_paid_enabled:
                return RouteDecision(Route.SEND_PAID, "zalo: paid consultation message (48 h-7 d)")
            return RouteDecision(Route.HOLD, "zalo: 48 h-7 d and paid messages are disabled")
        return RouteDecision(Route.HOLD, "zalo: no interaction in the last 7 days")
    return RouteDecision(Route.SKIP, f"unknown channel {recipient.channel}")


@dataclass(frozen=True)
class QuietHours:
    start: dt.time = dt.time(21, 0)
    end: dt.time = dt.time(7, 0)

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
