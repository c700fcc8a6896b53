"""The channels' names as officers read them: one name per channel on every page,
report and CSV, as each channel declares it (``channels.registry``)."""

from __future__ import annotations

from channels.registry import PLATFORMS


def channel_labels() -> dict[str, str]:
    """Every channel's label, in officers' order."""
    return PLATFORMS.labels


def channel_label(channel: str) -> str:
    return PLATFORMS.label(channel)
