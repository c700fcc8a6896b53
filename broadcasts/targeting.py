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


def _filters(broadcast: Broadcast) -> tuple[list[str], list]:
    """Pure: the conditions on an active subscriber ``s`` that the broadcast targets."""
    audiences = sorted(broadcast.audiences)
    channels = sorted(broadcast.channels)
    conditions = [
        f"s.channel IN ({', '.join('?' for _ in channels)})",
        "EXISTS (SELECT 1 FROM subscriber_audiences a WHERE a.subscriber_id = s.id"  # noqa: S608 (placeholders only)
        f" AND a.audience IN ({', '.join('?' for _ in audiences)}))",
    ]
    parameters: list = [*channels, *audiences]
    if broadcast.target_communes is not None:
        communes = sorted(broadcast.target_communes)
        conditions.append(f"s.commune_code IN ({', '.join('?' for _ in communes)})")
        parameters.extend(communes)
    return conditions, parameters


def target_query(broadcast: Broadcast) -> tuple[str, list]:
    """Pure: the SQL (one page, after a subscriber id) and its parameters."""
    conditions, parameters = _filters(broadcast)
    sql = [
        # Pages follow the id index, filtering as they go: constant memory, no sort.
        "SELECT s.id, s.channel, s.user_id, s.commune_code",
        "FROM subscribers s INDEXED BY subscribers_active_by_id",
        "WHERE s.status = 'active' AND s.id > ?",
        *(f"AND {condition}" for condition in conditions),
        "ORDER BY s.id LIMIT ?",
    ]
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
    conditions, parameters = _filters(broadcast)
    rows = database.db.execute(
        "SELECT s.channel, COUNT(*) FROM subscribers s WHERE s.status = 'active' "  # noqa: S608 (placeholders only)
        f"AND {' AND '.join(conditions)} GROUP BY s.channel",
        parameters,
    ).fetchall()
    return {channel: count for channel, count in rows}


def count_targets(database: Storage, broadcast: Broadcast) -> int:
    return sum(reach_by_channel(database, broadcast).values())
