"""Failed sign-ins counted per client address and per username, known or not.

An account's own lock stops many guesses at one account; this stops one guess at each
of many accounts from one address, and treats names that do not exist exactly like
names that do. Written here rather than taken from Flask-Limiter: the maintained
Flask-Limiter needs ``limits`` releases that require a newer ``packaging`` than Rasa 3.6
allows, and the count must share the sign-in's write transaction to be race-free.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils


def create_login_throttle_table(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS console_login_failures (
            id INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            address TEXT NOT NULL,
            username TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS login_failures_by_time ON console_login_failures (at)")


@dataclass(frozen=True)
class LoginThrottle:
    window_seconds: float
    per_address: int
    per_username: int

    def reserve(self, db: sqlite_utils.Database, address: str, username: str, now: float) -> bool:
        """Inside the caller's write transaction: True if this attempt must be refused
        unchecked; otherwise records it as a failure up front (``forget`` undoes that
        after a right password), so racing attempts all see each other."""
        since = now - self.window_seconds
        db.execute("DELETE FROM console_login_failures WHERE at <= ?", (since,))
        (by_address,) = db.execute(
            "SELECT COUNT(*) FROM console_login_failures WHERE address = ? AND at > ?",
            (address, since),
        ).fetchone()
        (by_name,) = db.execute(
            "SELECT COUNT(*) FROM console_login_failures WHERE username = ? AND at > ?",
            (username, since),
        ).fetchone()
        if by_address >= self.per_address or by_name >= self.per_username:
            return True
        db.execute(
            "INSERT INTO console_login_failures (at, address, username) VALUES (?, ?, ?)",
            (now, address, username),
        )
        return False

    def forget(self, db: sqlite_utils.Database, username: str) -> None:
        """A right password (or an administrator's unlock) clears the name's failures."""
        db.execute("DELETE FROM console_login_failures WHERE username = ?", (username,))
