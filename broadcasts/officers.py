"""Officers known to the broadcast tools: a username, a role and, for commune officials,
the communes they serve. The rules in ``broadcasts.model`` take these as given."""

from __future__ import annotations

import json
import time

from broadcasts.storage import Storage
from kernel.identity import Officer, Role


class OfficerStore:
    def __init__(self, database: Storage) -> None:
        self._database = database

    def add(self, username: str, role: Role, communes: frozenset[str] = frozenset()) -> Officer:
        if not username.strip():
            raise ValueError("username is empty")
        if role is Role.COMMUNE_OFFICIAL and not communes:
            raise ValueError("a commune official needs at least one commune")
        with self._database.transaction() as db:
            db.execute(
                """INSERT INTO officers (username, role, communes, created_at)
                   VALUES (?, ?, ?, ?) ON CONFLICT (username) DO UPDATE SET
                   role = excluded.role, communes = excluded.communes""",
                (username, role.value, json.dumps(sorted(communes)), time.time()),
            )
        return Officer(username, role, communes)

    def get(self, username: str) -> Officer:
        row = self._database.db.execute(
            "SELECT username, role, communes FROM officers WHERE username = ?", (username,)
        ).fetchone()
        if row is None:
            raise LookupError(f"Không có cán bộ “{username}”. Thêm bằng: officers add.")
        return Officer(row[0], Role(row[1]), frozenset(json.loads(row[2])))

    def all(self) -> list[Officer]:
        rows = self._database.db.execute(
            "SELECT username, role, communes FROM officers ORDER BY username"
        ).fetchall()
        return [Officer(u, Role(r), frozenset(json.loads(c))) for u, r, c in rows]
