"""Pure: why a delivery went as it did, in officers' Vietnamese, from its reason code.

Rows written before reason codes were kept have only the engine's English detail; those
are read by its known openings (``reason_label``)."""

from __future__ import annotations

from collections.abc import Iterable

from channels.registry import PLATFORMS
from kernel.outcomes import DeliveryReason

_HELD = "(sẽ gửi khi họ nhắn lại)"
# Channel-specific outcomes: the label follows the channel's name ("Zalo: …").
REASON_LABELS = {
    DeliveryReason.IN_WINDOW: "trong thời hạn nhắn tin của nền tảng",
    DeliveryReason.WINDOW_NOT_ENABLED: f"quá thời hạn tin miễn phí, loại tin còn lại (có phí hoặc do cán bộ trả lời) chưa được bật {_HELD}",
    DeliveryReason.OUTSIDE_WINDOWS: f"người dân không nhắn tin trong thời hạn nền tảng cho phép {_HELD}",
    DeliveryReason.WINDOW_CLOSED: f"nền tảng báo đã hết thời hạn nhắn tin khi gửi {_HELD}",
    DeliveryReason.PUBLISHED_AS_ARTICLE: "đã gửi dạng bài viết tới mọi người quan tâm",
    DeliveryReason.UNREACHABLE: "Người dân đã chặn trang hoặc bỏ quan tâm",
    DeliveryReason.UNKNOWN_CHANNEL: "Kênh không được hỗ trợ",
    DeliveryReason.CHANNEL_NOT_ENABLED: "Kênh chưa được kết nối",
    DeliveryReason.RATE_LIMITED: "Nền tảng giới hạn tốc độ; đã thử lại nhiều lần",
    DeliveryReason.TRANSIENT_ERROR: "Nền tảng tạm thời lỗi; đã thử lại nhiều lần",
    DeliveryReason.REFUSED: "Nền tảng từ chối tin",
    DeliveryReason.INTERRUPTED: "Bị gián đoạn khi đang gửi; không gửi lại để tránh trùng",
    DeliveryReason.CANCELLED: "Tin đã bị hủy",
}  # fmt: skip
_OF_CHANNEL = frozenset({
    DeliveryReason.IN_WINDOW, DeliveryReason.WINDOW_NOT_ENABLED, DeliveryReason.OUTSIDE_WINDOWS,
    DeliveryReason.WINDOW_CLOSED, DeliveryReason.PUBLISHED_AS_ARTICLE,
})  # fmt: skip

_REASONS = (
    (
        "facebook: outside the 24-hour window",
        "Facebook: người dân không nhắn trong 24 giờ qua (sẽ gửi khi họ nhắn lại)",
    ),
    ("facebook: window closed", "Facebook: cửa sổ 24 giờ đã đóng (sẽ gửi khi họ nhắn lại)"),
    (
        "zalo: 48 h-7 d and paid messages are disabled",
        "Zalo: quá 48 giờ, chưa bật tin có phí (sẽ gửi khi họ nhắn lại)",
    ),
    (
        "zalo: no interaction in the last 7 days",
        "Zalo: không tương tác trong 7 ngày (sẽ gửi khi họ nhắn lại)",
    ),
    ("zalo: window closed", "Zalo: ngoài thời hạn gửi tin tư vấn (sẽ gửi khi họ nhắn lại)"),
    ("zalo: published as an Article", "Zalo: đã gửi dạng bài viết tới mọi người quan tâm"),
    ("unreachable", "Người dân đã chặn trang hoặc bỏ quan tâm"),
    ("interrupted while sending", "Bị gián đoạn khi đang gửi; không gửi lại để tránh trùng"),
    ("broadcast cancelled", "Tin đã bị hủy"),
    ("channel not enabled", "Kênh chưa được kết nối"),
    ("RateLimited", "Nền tảng giới hạn tốc độ; đã thử lại nhiều lần"),
    ("TransientError", "Nền tảng tạm thời lỗi; đã thử lại nhiều lần"),
    ("PermanentError", "Nền tảng từ chối tin"),
)
STATUS_LABELS = {
    "held": "Giữ lại", "skipped": "Bỏ qua", "failed": "Lỗi", "cancelled": "Đã hủy",
    "sent": "Đã gửi", "pending": "Chờ gửi", "released": "Đã gửi trong bản tin tổng hợp",
}  # fmt: skip


def outcome_label(code: DeliveryReason, channel: str) -> str:
    """The officers' reading of a reason code for a delivery on ``channel``."""
    label = REASON_LABELS[code]
    return f"{PLATFORMS.label(channel)}: {label}" if code in _OF_CHANNEL else label


def labelled_reasons(
    rows: Iterable[tuple[str, DeliveryReason | None, str, str, int]],
) -> list[tuple[str, str, int]]:
    """(status label, reason label, count), most frequent first, from a broadcast's
    (status, code, channel, detail, count) rows; rows alike for officers are summed."""
    totals: dict[tuple[str, str], int] = {}
    for status, code, channel, detail, count in rows:
        reason = reason_label(detail) if code is None else outcome_label(code, channel)
        key = (STATUS_LABELS.get(status, status), reason)
        totals[key] = totals.get(key, 0) + count
    return sorted(
        ((status, reason, count) for (status, reason), count in totals.items()),
        key=lambda row: -row[2],
    )


def reason_label(reason: str) -> str:
    """The Vietnamese reading of a known detail of a row without a reason code, the raw
    text of an unknown one."""
    for start, label in _REASONS:
        if start in reason:
            return label
    return reason
