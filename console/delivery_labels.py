"""Pure: the engine's delivery reasons (English, for logs) in officers' Vietnamese."""

from __future__ import annotations

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


def reason_label(reason: str) -> str:
    """The Vietnamese reading of a known reason, the raw text of an unknown one."""
    for start, label in _REASONS:
        if start in reason:
            return label
    return reason
