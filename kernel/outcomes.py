"""Why a delivery took its route or ended as it did, as codes: stored beside a free-text
detail (the platform's or the rule's words, for logs) and labelled for officers from the
code alone. Broadcasts and officials' answers share them."""

from __future__ import annotations

from enum import Enum


class DeliveryReason(Enum):
    # The channel's windows (each channel declares its own spans and wording).
    IN_WINDOW = "in_window"  # a window the operator enabled lets it go now
    WINDOW_NOT_ENABLED = (
        "window_not_enabled"  # a window applies, its kind is off (paid, by a person)
    )
    OUTSIDE_WINDOWS = "outside_windows"  # past every window: held until the citizen writes
    WINDOW_CLOSED = "window_closed"  # the platform refused it as outside its window at send time
    # The recipient and the channel.
    UNREACHABLE = "unreachable"  # blocked the page or unfollowed the account
    UNKNOWN_CHANNEL = "unknown_channel"  # no channel of that name is declared
    CHANNEL_NOT_ENABLED = "channel_not_enabled"  # declared, but this server has no credentials
    PUBLISHED_AS_ARTICLE = "published_as_article"  # reached them as a broadcast article instead
    # The send itself.
    RATE_LIMITED = "rate_limited"  # retries used up while the platform limited the rate
    TRANSIENT_ERROR = "transient_error"  # retries used up while the platform failed
    REFUSED = "refused"  # the platform refused the message for good
    INTERRUPTED = "interrupted"  # the sender stopped mid-request; never resent
    CANCELLED = "cancelled"  # the broadcast was cancelled first
