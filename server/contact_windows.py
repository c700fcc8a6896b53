"""Each user's platform window, read from the contacts the message path keeps (the
delivery engine's ``ContactWindows``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from broadcasts.routing import Recipient
from server.database import Database

_CHUNK = 400  # two parameters per key, under SQLite's 999-parameter floor


class SqliteContactWindows:
    def __init__(self, database: Database) -> None:
        self._database = database

    def recipients(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Recipient]:
        found: dict[tuple[str, str], Recipient] = {}
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            values = ", ".join("(?, ?)" for _ in chunk)
            rows = self._database.db.execute(
                "SELECT channel, user_id, last_inbound_at, unreachable_at FROM contacts "  # noqa: S608 (placeholders only)
                f"WHERE (channel, user_id) IN (VALUES {values})",
                [part for key in chunk for part in key],
            ).fetchall()
            for channel, user_id, last_inbound_at, unreachable_at in rows:
                found[(channel, user_id)] = Recipient(
                    channel,
                    dt.datetime.fromtimestamp(last_inbound_at, dt.timezone.utc)
                    if last_inbound_at
                    else None,
                    unreachable=unreachable_at is not None,
                )
        return found
