"""Tables of the message path, created idempotently at start-up.

Each table that records a side effect carries the unique key that makes retrying safe:
the inbox is unique on (channel, platform message id), the outbox on (inbox id, sequence).
Times are UTC epoch seconds (REAL), so "due" comparisons are plain numeric ones.
"""

from __future__ import annotations

import sqlite_utils

from handoff.schema import add_missing_columns, create_handoff_tables


def create_message_tables(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS inbox (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            platform_message_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            payload TEXT,
            sent_at REAL NOT NULL,
            received_at REAL NOT NULL,
            raw TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            answered_at REAL,
            intent TEXT,
            confidence REAL,
            faq_id TEXT,
            fallback INTEGER,
            error TEXT,
            UNIQUE (channel, platform_message_id)
        )"""
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS inbox_due ON inbox (status, next_attempt_at, channel, user_id)"
    )
    # Added after the first release: the helpful / not-helpful rating a message gave, and
    # whether it opened a conversation (bot.conversation), both set by the worker.
    add_missing_columns(
        db,
        "inbox",
        (
            ("feedback_helpful", "INTEGER"),
            ("feedback_faq_id", "TEXT"),
            # Set instead of feedback_faq_id when the rating is of an official's answer.
            ("feedback_question_id", "INTEGER"),
            ("conversation_start", "INTEGER"),
            # 1 when the text was longer than server.inbox.MAX_TEXT_CHARS and was cut.
            ("text_cut", "INTEGER NOT NULL DEFAULT 0"),
        ),
    )
    # Reports read a period's messages: by send time, not by scanning the whole inbox.
    db.execute("CREATE INDEX IF NOT EXISTS inbox_by_time ON inbox (sent_at)")
    # A user's previous message, for conversations not yet marked by the worker.
    db.execute("CREATE INDEX IF NOT EXISTS inbox_by_user_time ON inbox (channel, user_id, sent_at)")
    # Read receipts by user: broadcast statistics count the deliveries they cover.
    db.execute("CREATE INDEX IF NOT EXISTS inbox_by_user ON inbox (channel, user_id, kind)")
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS outbox (
            id INTEGER PRIMARY KEY,
            inbox_id INTEGER NOT NULL REFERENCES inbox (id),
            sequence INTEGER NOT NULL,
            channel TEXT NOT NULL,
            user_id TEXT NOT NULL,
            text TEXT NOT NULL,
            quick_replies TEXT NOT NULL DEFAULT '[]',
            bodies TEXT NOT NULL,
            parts_sent INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            sent_at REAL,
            error TEXT,
            UNIQUE (inbox_id, sequence)
        )"""
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS outbox_due "
        "ON outbox (status, next_attempt_at, channel, user_id)"
    )
    db.execute("CREATE INDEX IF NOT EXISTS outbox_by_user ON outbox (channel, user_id, id)")
    # Added later: the part whose request is under way (server.outbox_store), and when an
    # officer last queued a failed reply again (retries are timed from then).
    add_missing_columns(db, "outbox", (("in_flight_part", "INTEGER"), ("retry_since", "REAL")))
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS contacts (
            channel TEXT NOT NULL,
            user_id TEXT NOT NULL,
            conversation TEXT NOT NULL DEFAULT '{}',
            first_seen_at REAL NOT NULL,
            last_inbound_at REAL,
            unreachable_at REAL,
            unreachable_reason TEXT,
            PRIMARY KEY (channel, user_id)
        )"""
    )
    create_handoff_tables(db)
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS platform_tokens (
            account TEXT PRIMARY KEY,
            access_token TEXT NOT NULL,
            refresh_token TEXT NOT NULL,
            expires_at REAL,
            -- The refresh token the operator last put in the settings: a different one
            -- there means the account was re-authorised by hand and replaces this row.
            seed_refresh_token TEXT NOT NULL,
            updated_at REAL NOT NULL
        )"""
    )
