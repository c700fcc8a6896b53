"""Console sign-in sessions kept on the server, so that signing out really ends one.

Flask's session is a signed cookie: a copy saved before logout would stay valid until it
expired. Each sign-in therefore gets a random id stored here; the cookie names it, and a
session is live only while its row exists and has been used within the idle limit.
"""

from __future__ import annotations

import secrets

import sqlite_utils

from broadcasts.storage import Storage

# Writing "last used" on every page view would be a write per request; a minute is
# precise enough against an idle limit of hours.
TOUCH_EVERY_SECONDS = 60.0


def create_session_table(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS console_sessions (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL,
            created_at REAL NOT NULL,
            last_used_at REAL NOT NULL
        )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS console_sessions_by_user ON console_sessions (username)")


class SessionStore:
    def __init__(self, database: Storage, idle_seconds: float) -> None:
        self._database = database
        self._idle_seconds = idle_seconds

    def open(self, username: str, now: float) -> str:
        session_id = secrets.token_urlsafe(24)
        with self._database.transaction() as db:
            db.execute(
                "DELETE FROM console_sessions WHERE last_used_at <= ?", (now - self._idle_seconds,)
            )
            db.execute(
                "INSERT INTO console_sessions (id, username, created_at, last_used_at) "
                "VALUES (?, ?, ?, ?)",
                (session_id, username, now, now),
            )
        return session_id

    def is_live(self, session_id: str, username: str, now: float) -> bool:
        """True if this session of this officer is open and was used recently; notes the use."""
        row = self._database.db.execute(
            "SELECT last_used_at FROM console_sessions WHERE id = ? AND username = ?",
            (session_id, username),
        ).fetchone()
        if row is None:
            return False
        if row[0] <= now - self._idle_seconds:
            self.end(session_id)
            return False
        if now - row[0] >= TOUCH_EVERY_SECONDS:
            with self._database.transaction() as db:
                db.execute(
                    "UPDATE console_sessions SET last_used_at = ? WHERE id = ?", (now, session_id)
                )
        return True

    def end(self, session_id: str) -> None:
        with self._database.transaction() as db:
            db.execute("DELETE FROM console_sessions WHERE id = ?", (session_id,))

    def end_all(self, username: str) -> None:
        with self._database.transaction() as db:
            db.execute("DELETE FROM console_sessions WHERE username = ?", (username,))
