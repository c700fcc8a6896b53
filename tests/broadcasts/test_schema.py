import sqlite_utils

from broadcasts.schema import create_broadcast_schema


def test_a_database_made_before_reason_codes_gains_the_column_and_keeps_its_rows():
    db = sqlite_utils.Database(memory=True)
    create_broadcast_schema(db)
    db.execute("ALTER TABLE deliveries DROP COLUMN reason_code")
    db.execute(
        "INSERT INTO deliveries (broadcast_id, subscriber_id, channel, user_id, status, route, "
        "reason, created_at) VALUES (1, 1, 'zalo', 'u1', 'held', 'hold', 'zalo: old words', 0)"
    )

    create_broadcast_schema(db)
    create_broadcast_schema(db)  # idempotent

    assert db.execute("SELECT reason, reason_code FROM deliveries").fetchall() == [
        ("zalo: old words", None)
    ]
