"""Tables of subscribers, created idempotently at start-up.

Audiences sit in their own table with an index, so a broadcast's targets (communes ×
audiences × channels) are resolved with indexed SQL and streamed, never loaded whole.
"""

from __future__ import annotations

import sqlite_utils


def create_subscriber_tables(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS subscribers (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            user_id TEXT NOT NULL,
            commune_code TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active',
            consent_at REAL NOT NULL,
            unsubscribed_at REAL,
            updated_at REAL NOT NULL,
            UNIQUE (channel, user_id)
        )"""
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS subscribers_by_commune "
        "ON subscribers (status, commune_code, channel, id)"
    )
    # Walks active subscribers in id order: a broadcast's targets are read in pages
    # without sorting, however many there are.
    db.execute("CREATE INDEX IF NOT EXISTS subscribers_active_by_id ON subscribers (status, id)")
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS subscriber_audiences (
            subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
            audience TEXT NOT NULL,
            PRIMARY KEY (subscriber_id, audience)
        )"""
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS subscriber_audiences_by_audience "
        "ON subscriber_audiences (audience, subscriber_id)"
    )


def create_broadcast_tables(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS broadcasts (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            author TEXT NOT NULL,
            target_communes TEXT,          -- JSON list; NULL: the whole province
            audiences TEXT NOT NULL,       -- JSON list
            channels TEXT NOT NULL,        -- JSON list
            document_number TEXT,
            issuing_body TEXT,
            issue_date TEXT,
            effective_date TEXT,
            link TEXT,
            fields TEXT NOT NULL DEFAULT '[]',
            urgent INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL,
            approved_by TEXT,
            scheduled_at TEXT,             -- ISO 8601, UTC
            zalo_article INTEGER NOT NULL DEFAULT 0,
            -- Which process is sending it, until when: a second sender (a restarted
            -- server, the CLI) takes over only after the lease has run out.
            lease_owner TEXT,
            lease_until REAL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS broadcasts_by_status ON broadcasts (status, id)")
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS broadcast_events (
            id INTEGER PRIMARY KEY,
            broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id),
            status TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL
        )"""
    )


def create_delivery_tables(db: sqlite_utils.Database) -> None:
    """One row per (broadcast, subscriber): the unique key is what makes a retry, a
    restart or a second sender unable to send twice."""
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS deliveries (
            id INTEGER PRIMARY KEY,
            broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id),
            subscriber_id INTEGER NOT NULL REFERENCES subscribers (id),
            channel TEXT NOT NULL,
            user_id TEXT NOT NULL,
            -- pending, sending (claimed, outcome not yet known), sent, held, released
            -- (sent later in a digest), skipped, failed, cancelled
            status TEXT NOT NULL,
            route TEXT NOT NULL,
            reason TEXT NOT NULL,   -- the detail, for logs
            reason_code TEXT,       -- kernel.outcomes.DeliveryReason; NULL in older rows
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            platform_message_id TEXT,
            created_at REAL NOT NULL,
            sent_at REAL,
            read_at REAL,
            error TEXT,
            UNIQUE (broadcast_id, subscriber_id)
        )"""
    )
    # Databases made before reason codes: older rows keep no code (their detail is read
    # as before); every row written since has one.
    if "reason_code" not in db["deliveries"].columns_dict:
        db.execute("ALTER TABLE deliveries ADD COLUMN reason_code TEXT")
    db.execute(
        "CREATE INDEX IF NOT EXISTS deliveries_due "
        "ON deliveries (broadcast_id, status, next_attempt_at, id)"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS deliveries_by_user ON deliveries (channel, user_id, status)"
    )
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS feed_items (
            key TEXT PRIMARY KEY,          -- document number, else the link
            feed_url TEXT NOT NULL,
            broadcast_id INTEGER REFERENCES broadcasts (id),
            title TEXT NOT NULL,
            seen_at REAL NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS feed_status (
            feed_url TEXT PRIMARY KEY,
            last_success_at REAL,
            last_error TEXT,
            last_error_at REAL,
            failures INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS officers (
            username TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            communes TEXT NOT NULL DEFAULT '[]',   -- JSON list of commune codes
            created_at REAL NOT NULL
        )"""
    )


def create_commune_table(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS communes (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            province TEXT NOT NULL,
            loaded_at REAL NOT NULL
        )"""
    )


def create_legal_register_tables(db: sqlite_utils.Database) -> None:
    """Legal documents by normalised number, and what each amends, replaces or repeals;
    a relation is unique, so a feed read twice records it once."""
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS legal_documents (
            number_key TEXT PRIMARY KEY,   -- upper case, no spaces, "Đ" as "D"
            number TEXT NOT NULL,          -- as first written
            title TEXT NOT NULL DEFAULT '',
            issuer TEXT,
            signed_on TEXT,                -- ISO dates
            in_force_on TEXT,
            recorded_by TEXT NOT NULL,     -- "kb", "feed:<host>" or an officer
            recorded_at REAL NOT NULL,
            updated_at REAL NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS legal_relations (
            id INTEGER PRIMARY KEY,
            document_key TEXT NOT NULL REFERENCES legal_documents (number_key),
            kind TEXT NOT NULL,            -- amends, replaces, repeals
            target_key TEXT NOT NULL,
            target_number TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            recorded_at REAL NOT NULL,
            UNIQUE (document_key, kind, target_key)
        )"""
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS legal_relations_by_target ON legal_relations (target_key)"
    )


def create_broadcast_schema(db: sqlite_utils.Database) -> None:
    create_commune_table(db)
    create_subscriber_tables(db)
    create_broadcast_tables(db)
    create_delivery_tables(db)
    create_legal_register_tables(db)
