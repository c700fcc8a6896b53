"""Residents per commune, entered by an administrator from the statistics office's
figures; the yearly report then shows reach as a share of residents.

Optional: a commune without a figure is left out of the shares (and said so), never
counted as zero residents.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import sqlite_utils

from broadcasts.storage import Storage

MAX_POPULATION = 5_000_000  # the largest ward or commune is far smaller


def create_population_table(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS commune_population (
            commune_code TEXT PRIMARY KEY,
            population INTEGER NOT NULL CHECK (population > 0),
            updated_at REAL NOT NULL,
            updated_by TEXT NOT NULL
        )"""
    )


class PopulationStore:
    def __init__(self, database: Storage, clock: Callable[[], float] = time.time) -> None:
        self._database = database
        self._clock = clock

    def all(self) -> dict[str, int]:
        return dict(
            self._database.db.execute("SELECT commune_code, population FROM commune_population")
        )

    def save(self, figures: Mapping[str, int | None], username: str) -> int:
        """Sets each commune's figure (None clears it); returns how many changed."""
        current = self.all()
        changed = {code: value for code, value in figures.items() if current.get(code) != value}
        now = self._clock()
        with self._database.transaction() as db:
            for code, value in changed.items():
                if value is None:
                    db.execute("DELETE FROM commune_population WHERE commune_code = ?", (code,))
                else:
                    db.execute(
                        "INSERT INTO commune_population (commune_code, population, updated_at, "
                        "updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (commune_code) DO UPDATE "
                        "SET population = excluded.population, updated_at = excluded.updated_at, "
                        "updated_by = excluded.updated_by",
                        (code, value, now, username),
                    )
        return len(changed)


def read_population(value: str) -> int | None:
    """Pure: a typed figure ("12.345", "12 345", "12345") as a number; "" is None.
    ValueError (in Vietnamese) when it is not a whole number of residents."""
    digits = value.strip().replace(".", "").replace(",", "").replace(" ", "")
    if not digits:
        return None
    if not digits.isdigit() or not 0 < int(digits) <= MAX_POPULATION:
        raise ValueError(f"“{value.strip()[:20]}” không phải số dân hợp lệ.")
    return int(digits)
