"""Platform token pairs in the database (implements ``channels.zalo.tokens.TokenStore``).

The first pair comes from the settings; every later pair Zalo issues is saved here, in a
committed transaction, before it is used. If the operator re-authorises the OA and puts a
new pair in the settings, that pair replaces the stored one.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from channels.zalo.tokens import TokenPair
from server.database import Database


class SqliteTokenStore:
    def __init__(
        self, database: Database, account: str, clock: Callable[[], float] = time.time
    ) -> None:
        self._database = database
        self._account = account
        self._clock = clock

    def seed(self, configured: TokenPair) -> None:
        with self._database.transaction() as db:
            row = db.execute(
                "SELECT seed_refresh_token FROM platform_tokens WHERE account = ?",
                (self._account,),
            ).fetchone()
            if row is not None and row[0] == configured.refresh_token:
                return  # already seeded; the stored pair may be newer than the settings
            db.execute(
                """INSERT OR REPLACE INTO platform_tokens
                   (account, access_token, refresh_token, expires_at, seed_refresh_token,
                    updated_at)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                (
                    self._account,
                    configured.access_token,
                    configured.refresh_token,
                    configured.expires_at,
                    configured.refresh_token,
                    self._clock(),
                ),
            )

    def load(self) -> TokenPair:
        row = self._database.db.execute(
            "SELECT access_token, refresh_token, expires_at FROM platform_tokens WHERE account = ?",
            (self._account,),
        ).fetchone()
        if row is None:
            raise LookupError(f"no tokens stored for {self._account}")
        return TokenPair(*row)

    def save(self, pair: TokenPair) -> None:
        with self._database.transaction() as db:
            db.execute(
                "UPDATE platform_tokens SET access_token = ?, refresh_token = ?, "
                "expires_at = ?, updated_at = ? WHERE account = ?",
                (
                    pair.access_token,
                    pair.refresh_token,
                    pair.expires_at,
                    self._clock(),
                    self._account,
                ),
            )
