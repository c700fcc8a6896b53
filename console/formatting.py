"""Template filters: Vietnam time and Vietnamese number formats, in one place."""

from __future__ import annotations

import datetime as dt

from broadcasts.routing import VIETNAM


def vn_time(value: float | dt.datetime | None, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """An epoch second or aware datetime, shown in Asia/Ho_Chi_Minh."""
    if value is None or value == "":
        return ""
    moment = (
        value
        if isinstance(value, dt.datetime)
        else dt.datetime.fromtimestamp(float(value), dt.timezone.utc)
    )
    return moment.astimezone(VIETNAM).strftime(pattern)


def vn_number(value: int | float | None) -> str:
    """12.345 (Vietnamese thousands separator)."""
    if value is None:
        return "–"
    return f"{value:,.0f}".replace(",", ".")


def vn_percent(value: float | None) -> str:
    """0.934 → "93,4 %"; None (nothing to divide) → "–"."""
    if value is None:
        return "–"
    return f"{value * 100:.1f} %".replace(".", ",")


FILTERS = {"vn_time": vn_time, "vn_number": vn_number, "vn_percent": vn_percent}
