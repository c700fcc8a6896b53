"""The communes the server uses, kept in the database once loaded.

The first start loads the province's communes from the shipped CSV (or COMMUNES_CSV);
``flask --app app broadcasts communes load FILE`` replaces them later (a new reorganisation,
another province) without a redeploy. Subscribers keep their commune codes.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from broadcasts.communes import SHIPPED_CSV, Commune, load_communes, province_key
from broadcasts.storage import Storage


def store_communes(database: Storage, communes: Sequence[Commune]) -> int:
    """Inserts or updates every commune of the list; returns how many were written."""
    now = time.time()
    with database.transaction() as db:
        db.conn.executemany(
            """INSERT INTO communes (code, name, province, loaded_at) VALUES (?, ?, ?, ?)
               ON CONFLICT (code) DO UPDATE SET name = excluded.name,
                 province = excluded.province, loaded_at = excluded.loaded_at""",
            [(c.code, c.name, c.province, now) for c in communes],
        )
    return len(communes)


def communes_from_db(database: Storage, province: str) -> list[Commune]:
    wanted = province_key(province)
    rows = database.db.execute("SELECT code, name, province FROM communes ORDER BY code")
    return [Commune(*row) for row in rows.fetchall() if province_key(row[2]) == wanted]


def provinces_in_db(database: Storage) -> dict[str, int]:
    rows = database.db.execute(
        "SELECT province, COUNT(*) FROM communes GROUP BY province ORDER BY province"
    )
    return dict(rows.fetchall())


def province_communes(
    database: Storage, province: str, csv_path: Path | None = None
) -> list[Commune]:
    """The province's communes from the database; on first use, loaded from the CSV
    (COMMUNES_CSV, else the shipped list) and stored. Raises OSError or CommuneFileError."""
    communes = communes_from_db(database, province)
    if not communes:
        communes = load_communes(csv_path or SHIPPED_CSV, province)
        store_communes(database, communes)
    return communes
