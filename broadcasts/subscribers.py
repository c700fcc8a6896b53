"""Followers' subscriptions in SQLite (implements ``bot.ports.SubscriptionService``).

A subscriber is one (channel, platform user id) with a commune, audiences, a status
(active, unsubscribed, unreachable) and the time they consented. The platforms' window
data (last inbound message, unreachable) stays in the contacts the server keeps.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.audiences import AUDIENCE_CODES
from bot.ports import CommuneOption, Subscription
from broadcasts.communes import Commune, CommuneMatcher, example_communes
from broadcasts.storage import Storage
from channels.registry import PLATFORMS

ACTIVE = "active"
UNSUBSCRIBED = "unsubscribed"


class SqliteSubscriptions:
    def __init__(
        self,
        database: Storage,
        communes: list[Commune],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._database = database
        self._communes = {commune.code: commune for commune in communes}
        self._matcher = CommuneMatcher(communes)
        self._examples = example_communes(communes)
        self._clock = clock

    def find_communes(self, typed: str) -> list[CommuneOption]:
        return [_option(commune) for commune in self._matcher.candidates(typed)]

    def commune(self, code: str) -> CommuneOption | None:
        commune = self._communes.get(code)
        return _option(commune) if commune else None

    def example_communes(self) -> tuple[CommuneOption, ...]:
        return tuple(_option(commune) for commune in self._examples)

    def subscribed_note(self, channel: str) -> str | None:
        platform = PLATFORMS.get(channel)
        return platform.subscription_note if platform else None

    def subscription(self, channel: str, user_id: str) -> Subscription | None:
        db = self._database.db
        row = db.execute(
            "SELECT id, commune_code FROM subscribers "
            "WHERE channel = ? AND user_id = ? AND status = ?",
            (channel, user_id, ACTIVE),
        ).fetchone()
        if row is None or row[1] not in self._communes:
            return None
        audiences = tuple(
            audience
            for (audience,) in db.execute(
                "SELECT audience FROM subscriber_audiences WHERE subscriber_id = ? "
                "ORDER BY audience",
                (row[0],),
            )
        )
        return Subscription(_option(self._communes[row[1]]), audiences)

    def subscribe(
        self, channel: str, user_id: str, commune_code: str, audiences: tuple[str, ...]
    ) -> None:
        if commune_code not in self._communes:
            raise ValueError(f"unknown commune {commune_code!r}")
        unknown = set(audiences) - AUDIENCE_CODES
        if unknown or not audiences:
            raise ValueError(f"audiences must be a non-empty subset of the known codes: {unknown}")
        now = self._clock()
        with self._database.transaction() as db:
            db.execute(
                """INSERT INTO subscribers (channel, user_id, commune_code, status, consent_at,
                                            updated_at)
                   VALUES (?, ?, ?, 'active', ?, ?)
                   ON CONFLICT (channel, user_id) DO UPDATE SET
                     commune_code = excluded.commune_code,
                     consent_at = CASE WHEN subscribers.status = 'active'
                                       THEN subscribers.consent_at ELSE excluded.consent_at END,
                     status = 'active', unsubscribed_at = NULL,
                     updated_at = excluded.updated_at""",
                (channel, user_id, commune_code, now, now),
            )
            (subscriber_id,) = db.execute(
                "SELECT id FROM subscribers WHERE channel = ? AND user_id = ?", (channel, user_id)
            ).fetchone()
            db.execute("DELETE FROM subscriber_audiences WHERE subscriber_id = ?", (subscriber_id,))
            db.conn.executemany(
                "INSERT INTO subscriber_audiences (subscriber_id, audience) VALUES (?, ?)",
                [(subscriber_id, audience) for audience in sorted(set(audiences))],
            )

    def unsubscribe(self, channel: str, user_id: str) -> bool:
        now = self._clock()
        with self._database.transaction() as db:
            cursor = db.execute(
                "UPDATE subscribers SET status = ?, unsubscribed_at = ?, updated_at = ? "
                "WHERE channel = ? AND user_id = ? AND status = ?",
                (UNSUBSCRIBED, now, now, channel, user_id, ACTIVE),
            )
            return cursor.rowcount > 0


def _option(commune: Commune) -> CommuneOption:
    return CommuneOption(commune.code, commune.name)
