"""Tables of the console, created idempotently at start-up.

An account adds credentials to an officer of ``broadcasts.officers``: the role and the
communes stay in one place, so the console and ``flask --app app broadcasts`` apply the same
rules to the same people.
"""

from __future__ import annotations

import sqlite_utils

from console.login_throttle import create_login_throttle_table
from console.population import create_population_table
from console.sessions import create_session_table


def create_console_tables(db: sqlite_utils.Database) -> None:
    create_login_throttle_table(db)
    create_session_table(db)
    create_population_table(db)
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS console_accounts (
            username TEXT PRIMARY KEY REFERENCES officers (username),
            display_name TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            fields TEXT NOT NULL DEFAULT '[]',     -- JSON: legal fields shown first
            active INTEGER NOT NULL DEFAULT 1,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until REAL,
            -- Bumped by a password change or deactivation: older sessions stop working.
            session_epoch INTEGER NOT NULL DEFAULT 0,
            last_login_at REAL,
            created_at REAL NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS audit_log (
            id INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT,
            detail TEXT NOT NULL DEFAULT '{}',
            remote_addr TEXT
        )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS audit_by_time ON audit_log (at)")
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS console_secrets (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            created_at REAL NOT NULL
        )"""
    )
