"""The channels' names as officers read them: one name per channel on every page,
report and CSV (the code ``simulator`` is the local chat trial, "Chat thử")."""

from __future__ import annotations

CHANNEL_LABELS = {"zalo": "Zalo", "facebook": "Facebook", "simulator": "Chat thử"}


def channel_label(channel: str) -> str:
    return CHANNEL_LABELS.get(channel, channel)
