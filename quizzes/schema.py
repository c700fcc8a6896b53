"""The quizzes' tables, created idempotently at start-up.

Every side effect has the key that makes a retry safe: one attempt per (quiz, channel,
user), one answer per (attempt, question) and per inbound message, so a webhook the
platform delivers twice, or a message the worker handles again after a crash, never
counts an answer twice. Times are UTC (ISO text for the quiz, epoch seconds for answers).
"""

from __future__ import annotations

import sqlite_utils


def create_quiz_tables(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS quizzes (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            rules TEXT NOT NULL DEFAULT '',
            mode TEXT NOT NULL,
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL,
            target_communes TEXT,
            audiences TEXT,
            time_limit_minutes INTEGER,
            tie_break INTEGER NOT NULL DEFAULT 0,
            prize_rules TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft',
            author TEXT NOT NULL,
            approved_by TEXT,
            invitation_broadcast_id INTEGER,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS quiz_events (
            id INTEGER PRIMARY KEY,
            quiz_id INTEGER NOT NULL REFERENCES quizzes (id),
            event TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS quiz_questions (
            id INTEGER PRIMARY KEY,
            quiz_id INTEGER NOT NULL REFERENCES quizzes (id),
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            options TEXT NOT NULL,
            correct INTEGER NOT NULL,
            explanation TEXT NOT NULL,
            legal_basis TEXT NOT NULL,
            faq_id TEXT,
            UNIQUE (quiz_id, position)
        )"""
    )
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS quiz_attempts (
            id INTEGER PRIMARY KEY,
            quiz_id INTEGER NOT NULL REFERENCES quizzes (id),
            channel TEXT NOT NULL,
            user_id TEXT NOT NULL,
            commune_code TEXT,
            audiences TEXT NOT NULL DEFAULT '[]',
            started_at REAL NOT NULL,
            finished_at REAL,
            step TEXT NOT NULL DEFAULT 'question',
            paused INTEGER NOT NULL DEFAULT 0,
            score INTEGER NOT NULL DEFAULT 0,
            guess INTEGER,
            prize_accepted INTEGER,
            name TEXT,
            phone TEXT,
            rating INTEGER,  -- 1 helpful, 0 not helpful, as an answer's rating
            rated_at REAL,
            UNIQUE (quiz_id, channel, user_id)
        )"""
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS quiz_attempts_by_user "
        "ON quiz_attempts (channel, user_id, step, paused)"
    )
    db.execute("CREATE INDEX IF NOT EXISTS quiz_attempts_by_start ON quiz_attempts (started_at)")
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS quiz_answers (
            id INTEGER PRIMARY KEY,
            attempt_id INTEGER NOT NULL REFERENCES quiz_attempts (id),
            question_id INTEGER NOT NULL REFERENCES quiz_questions (id),
            choice INTEGER NOT NULL,
            correct INTEGER NOT NULL,
            answered_at REAL NOT NULL,
            -- channel:platform message id of the message that answered
            message_key TEXT NOT NULL,
            UNIQUE (attempt_id, question_id),
            UNIQUE (message_key)
        )"""
    )
