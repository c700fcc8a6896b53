"""Who the broadcasts can reach and whom they did reach: active subscribers by commune and
audience, and each broadcast's deliveries. Definitions as in ``console.reports``.

Within a commune scope, a broadcast counts when its target communes meet the scope (one
sent to the whole province meets every scope), and only deliveries to subscribers of the
scope's communes are counted, so a commune sees its own reach.
"""

from __future__ import annotations

from collections.abc import Mapping

from channels.registry import PLATFORMS
from console.channel_labels import channel_labels
from console.reports import (
    Connection,
    ReportScope,
    Table,
    epoch_bounds,
    in_list,
    rate,
    scope_conditions,
)

KIND_LABELS = {
    "new_law": "Luật mới",
    "local_notice": "Thông báo của xã",
    "quiz_invitation": "Mời dự thi",
}
STATUS_LABELS = {
    "draft": "Nháp",
    "approved": "Đã duyệt",
    "scheduled": "Đã hẹn giờ",
    "sending": "Đang gửi",
    "done": "Đã gửi xong",
    "cancelled": "Đã hủy",
}


def _channel_counts() -> tuple[str, dict[str, str]]:
    """One count per channel, in officers' order, then the total, with their values."""
    names = PLATFORMS.names
    counts = ", ".join(f"SUM(s.channel = :count_channel{index})" for index in range(len(names)))
    return f"{counts}, COUNT(*)", {f"count_channel{i}": name for i, name in enumerate(names)}


def _channel_columns() -> tuple[str, ...]:
    return (*channel_labels().values(), "Tổng")


def _subscriber_conditions(scope: ReportScope) -> tuple[list[str], dict]:
    limits, parameters = scope_conditions(scope, "s.channel", "s.commune_code")
    return ["s.status = 'active'", *limits], parameters


def subscribers_by_commune(
    db: Connection, scope: ReportScope, commune_names: Mapping[str, str]
) -> Table:
    """Active subscribers now, per channel; the scope's dates do not apply."""
    conditions, parameters = _subscriber_conditions(scope)
    counts, channels = _channel_counts()
    rows = db.execute(
        f"SELECT s.commune_code, {counts} FROM subscribers s "  # noqa: S608 (fixed fragments)
        f"WHERE {' AND '.join(conditions)} GROUP BY s.commune_code ORDER BY s.commune_code",
        parameters | channels,
    ).fetchall()
    return Table(
        key="subscribers-commune",
        title="Người đăng ký nhận tin theo xã, phường",
        columns=("Mã xã, phường", "Tên xã, phường", *_channel_columns()),
        rows=tuple((code, commune_names.get(code, code), *counts) for code, *counts in rows),
    )


def subscribers_by_audience(
    db: Connection, scope: ReportScope, audience_labels: Mapping[str, str]
) -> Table:
    """Active subscribers now by audience, every labelled audience shown even when none;
    a subscriber in two audiences counts in both, so the rows do not add up to a total."""
    conditions, parameters = _subscriber_conditions(scope)
    counts, channels = _channel_counts()
    found = {
        audience: tuple(numbers)
        for audience, *numbers in db.execute(
            f"SELECT a.audience, {counts} FROM subscribers s "  # noqa: S608 (fixed fragments)
            "JOIN subscriber_audiences a ON a.subscriber_id = s.id "
            f"WHERE {' AND '.join(conditions)} GROUP BY a.audience",
            parameters | channels,
        )
    }
    none = (0,) * (len(channels) + 1)
    audiences = [*audience_labels, *sorted(set(found) - set(audience_labels))]
    return Table(
        key="subscribers-audience",
        title="Người đăng ký nhận tin theo đối tượng",
        columns=("Đối tượng", *_channel_columns()),
        rows=tuple(
            (audience_labels.get(audience, audience), *found.get(audience, none))
            for audience in audiences
        ),
    )


def _broadcast_filters(scope: ReportScope) -> tuple[str, str, dict]:
    """(broadcast condition, delivery join condition, parameters) for the scope."""
    start, end = epoch_bounds(scope)
    broadcast = ["started.at >= :start", "started.at < :end"]
    delivery = ["d.broadcast_id = b.id"]
    parameters: dict = {"start": start, "end": end}
    if scope.channel is not None:
        broadcast.append("EXISTS (SELECT 1 FROM json_each(b.channels) WHERE value = :channel)")
        delivery.append("d.channel = :channel")
        parameters["channel"] = scope.channel
    if scope.communes is not None:
        targeted, codes = in_list("value", "commune", scope.communes)
        broadcast.append(
            f"""(b.target_communes IS NULL
            OR EXISTS (SELECT 1 FROM json_each(b.target_communes) WHERE {targeted}))"""  # noqa: S608 (fixed fragments)
        )
        # Same name, same values: the two conditions share one set of parameters.
        subscribed, _ = in_list("commune_code", "commune", scope.communes)
        delivery.append(f"d.subscriber_id IN (SELECT id FROM subscribers WHERE {subscribed})")  # noqa: S608 (fixed fragments)
        parameters.update(codes)
    return " AND ".join(broadcast), " AND ".join(delivery), parameters


def broadcast_reach(db: Connection, scope: ReportScope) -> Table:
    """Broadcasts that started sending in the period: at their first "sending" event, or
    at creation for one that is sending or done with no such event recorded."""
    broadcast, delivery, parameters = _broadcast_filters(scope)
    reads, read_channels = in_list("d.channel", "reads_channel", PLATFORMS.read_receipt_channels())
    rows = db.execute(
        f"""WITH started AS (
            SELECT b.id, COALESCE(
                (SELECT MIN(CAST(strftime('%s', e.at) AS REAL)) FROM broadcast_events e
                 WHERE e.broadcast_id = b.id AND e.status = 'sending'),
                CASE WHEN b.status IN ('sending', 'done') THEN b.created_at END) AS at
            FROM broadcasts b
        )
        SELECT b.id, b.title, b.kind, b.status, COUNT(d.id),
               COALESCE(SUM(d.status = 'sent'), 0), COALESCE(SUM(d.status = 'released'), 0),
               COALESCE(SUM(d.status = 'held'), 0), COALESCE(SUM(d.status = 'failed'), 0),
               -- as DeliveryStore.read_count: Messenger read receipts' watermarks
               COALESCE(SUM(d.status = 'sent' AND {reads} AND EXISTS (
                   SELECT 1 FROM inbox i
                   WHERE i.channel = d.channel AND i.user_id = d.user_id AND i.kind = 'read'
                     AND CAST(json_extract(i.raw, '$.read.watermark') AS REAL)
                         >= d.sent_at * 1000)), 0)
        FROM broadcasts b JOIN started ON started.id = b.id
        LEFT JOIN deliveries d ON {delivery}
        WHERE {broadcast}
        GROUP BY b.id ORDER BY started.at, b.id""",  # noqa: S608 (fixed fragments)
        parameters | read_channels,
    ).fetchall()
    return Table(
        key="broadcast-reach",
        title="Kết quả gửi tin",
        columns=(
            "Mã tin",
            "Tiêu đề",
            "Loại tin",
            "Trạng thái",
            "Số người nhận",
            "Đã gửi",
            "Gửi trong bản tin gộp",
            "Đang giữ",
            "Lỗi",
            "Đã đọc",
            "Tỉ lệ tiếp cận",
        ),
        rows=tuple(
            (
                broadcast_id,
                title,
                KIND_LABELS.get(kind, kind),
                STATUS_LABELS.get(status, status),
                targeted,
                sent,
                released,
                held,
                failed,
                read,
                rate(sent + released, targeted),
            )
            for broadcast_id, title, kind, status, targeted, sent, released, held, failed, read in rows
        ),
    )
