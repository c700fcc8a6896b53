"""Who a broadcast reaches: active subscribers in its communes, with at least one of its
audiences, on its channels. Resolved with indexed SQL in keyset pages, so a province of
any size streams through in constant memory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from broadcasts.model import Broadcast
from broadcasts.storage import Storage

PAGE_SIZE = 1000


@dataclass(frozen=True)
class Target:
    subscriber_id: int
    channel: str
    user_id: str
    commune_code: str


def target_query(broadcast: Broadcast) -> tuple[str, list]:
    """Pure: the SQL (one page, after a subscriber id) and its parameters."""
    audiences = sorted(broadcast.audiences)
    channels = sorted(broadcast.channels)
    sql = [
        # Pages follow the id index, filtering as they go: constant memory, no sort.
        "SELECT s.id, s.channel, s.user_id, s.commune_code",
        "FROM subscribers s INDEXED BY subscribers_active_by_id",
        "WHERE s.status = 'active' AND s.id > ?",
        f"AND s.channel IN ({', '.join('?' for _ in channels)})",
        "AND EXISTS (SELECT 1 FROM subscriber_audiences a WHERE a.subscriber_id = s.id",
        f"            AND a.audience IN ({', '.join('?' for _ in audiences)}))",
    ]
    parameters: list = [*channels, *audiences]
    if broadcast.target_communes is not None:
        communes = sorted(broadcast.target_communes)
        sql.append(f"AND s.commune_code IN ({', '.join('?' for _ in communes)})")
        parameters.extend(communes)
    sql.append("ORDER BY s.id LIMIT ?")
    return "\n".join(sql), parameters


def iter_targets(
    database: Storage, broadcast: Broadcast, page_size: int = PAGE_SIZE, after: int = 0
) -> Iterator[Target]:
    """Targets with subscriber ids above ``after``, in id order."""
    sql, parameters = target_query(broadcast)
    while True:
        rows = database.db.execute(sql, [after, *parameters, page_size]).fetchall()
        for row in rows:
            yield Target(*row)
        if len(rows) < page_size:
            return
        after = rows[-1][0]


def reach_by_channel(database: Storage, broadcast: Broadcast) -> dict[str, int]:
    """How many subscribers the broadcast would reach now, per channel: one counting
    query, for the console's target picker, which asks on every change."""
    sql, parameters = target_query(broadcast)
    counting = (
        sql.replace(
            "SELECT s.id, s.channel, s.user_id, s.commune_code", "SELECT s.channel, COUNT(*)"
        )
        .replace("AND s.id > ?", "")
        .replace("ORDER BY s.id LIMIT ?", "GROUP BY s.channel")
    )
    rows = database.db.execute(counting, parameters).fetchall()
    return {channel: count for channel, count in rows}


def count_targets(database: Storage, broadcast: Broadcast) -> int:
    return sum(reach_by_channel(database, broadcast).values())
