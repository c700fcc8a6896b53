"""Tables of the human handoff, created and migrated idempotently at start-up.

``forwarded_questions`` is unique on the inbox row the question came from, so a turn
recorded twice forwards once. Columns added after the first release are added to an
existing table in place: a province's database is never rebuilt.
"""

from __future__ import annotations

import sqlite_utils

# Added after the first release: (name, SQL type and default).
_FORWARDED_LATER_COLUMNS = (
    ("field_code", "TEXT"),
    ("commune_code", "TEXT"),
    # "named" (the citizen wrote it), "subscription" (their subscribed commune) or NULL.
    ("commune_source", "TEXT"),
    ("claimed_by", "TEXT"),
    ("claimed_at", "REAL"),
    ("answer", "TEXT"),
    ("answered_by", "TEXT"),
    ("answered_at", "REAL"),
    # The whole message the citizen receives (answer, signature, note), as sent or held.
    ("reply_text", "TEXT"),
    # How the answer goes out: queued (in the outbox), held (window closed), sent, failed.
    ("delivery_status", "TEXT"),
    ("delivery_route", "TEXT"),
    ("delivery_reason", "TEXT"),  # the detail, in officials' words
    ("delivery_reason_code", "TEXT"),  # kernel.outcomes.DeliveryReason; NULL in older rows
    ("closed_by", "TEXT"),
    ("closed_reason", "TEXT"),
    ("updated_at", "REAL"),
)


def add_missing_columns(
    db: sqlite_utils.Database, table: str, columns: tuple[tuple[str, str], ...]
) -> None:
    """ALTER TABLE … ADD COLUMN for each column the table lacks."""
    existing = {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}
    for name, sql_type in columns:
        if name not in existing:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}")


def create_handoff_tables(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS forwarded_questions (
            id INTEGER PRIMARY KEY,
            inbox_id INTEGER NOT NULL UNIQUE REFERENCES inbox (id),
            channel TEXT NOT NULL,
            user_id TEXT NOT NULL,
            question TEXT NOT NULL,
            likely_faq_ids TEXT NOT NULL DEFAULT '[]',
            -- open, claimed, answered, closed
            status TEXT NOT NULL DEFAULT 'open',
            created_at REAL NOT NULL
        )"""
    )
    add_missing_columns(db, "forwarded_questions", _FORWARDED_LATER_COLUMNS)
    db.execute(
        "CREATE INDEX IF NOT EXISTS forwarded_by_status "
        "ON forwarded_questions (status, commune_code, field_code, id)"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS forwarded_held "
        "ON forwarded_questions (channel, user_id, delivery_status)"
    )
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS kb_drafts (
            id INTEGER PRIMARY KEY,
            question_id INTEGER REFERENCES forwarded_questions (id),
            entry TEXT NOT NULL,            -- JSON: the knowledge-base entry as written
            -- draft, approved, rejected
            status TEXT NOT NULL DEFAULT 'draft',
            author TEXT NOT NULL,
            reviewer TEXT,
            review_note TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            reviewed_at REAL
        )"""
    )
    # A legal reviewer's word that a flagged entry is still right (bot.legal_currency):
    # one row per entry and flag, so clearing twice is clearing once.
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS kb_flag_clearances (
            faq_id TEXT NOT NULL,
            flag_key TEXT NOT NULL,
            cleared_by TEXT NOT NULL,
            cleared_at REAL NOT NULL,
            cleared_on TEXT NOT NULL,      -- the day in Vietnam, ISO
            note TEXT,
            PRIMARY KEY (faq_id, flag_key)
        )"""
    )
