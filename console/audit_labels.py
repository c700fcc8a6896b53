"""Vietnamese wording of the audit log for the page; the CSV keeps the stored codes.

An officer reading the log sees "Đăng nhập sai mật khẩu", not ``login_wrong``; whoever
filters or scripts over the export still gets the codes the server records.
"""

from __future__ import annotations

import datetime as dt
import json

from broadcasts.routing import VIETNAM
from console.reports import Table
from kernel.identity import ROLE_LABELS

ACTION_LABELS = {
    "login": "Đăng nhập",
    "login_wrong": "Đăng nhập sai tên hoặc mật khẩu",
    "login_locked": "Đăng nhập khi tài khoản đang tạm khóa",
    "login_throttled": "Đăng nhập bị chặn do thử sai quá nhiều",
    "login_inactive": "Đăng nhập bằng tài khoản đã vô hiệu",
    "logout": "Đăng xuất",
    "password_change": "Đổi mật khẩu",
    "user_create": "Tạo tài khoản",
    "quiz_create": "Tạo cuộc thi",
    "quiz_question_save": "Lưu câu hỏi cuộc thi",
    "quiz_question_remove": "Xóa câu hỏi cuộc thi",
    "quiz_approve": "Duyệt cuộc thi và gửi lời mời",
    "quiz_cancel": "Hủy cuộc thi",
    "quiz_results_export": "Tải kết quả cuộc thi",
    "user_unlock": "Mở khóa tài khoản",
    "user_deactivate": "Vô hiệu hóa tài khoản",
    "user_activate": "Kích hoạt tài khoản",
    "user_password": "Đặt lại mật khẩu",
    "broadcast_create": "Soạn tin",
    "broadcast_edit": "Sửa tin",
    "broadcast_approve": "Duyệt tin",
    "broadcast_schedule": "Hẹn giờ gửi tin",
    "broadcast_send_now": "Gửi tin ngay",
    "broadcast_cancel": "Hủy tin",
    "question_claim": "Nhận xử lý câu hỏi",
    "question_release": "Trả lại câu hỏi",
    "question_answer": "Trả lời câu hỏi",
    "question_close": "Đóng câu hỏi",
    "kb_draft_create": "Tạo bản nháp hỏi đáp",
    "kb_draft_edit": "Sửa bản nháp hỏi đáp",
    "kb_draft_approve": "Duyệt bản nháp hỏi đáp",
    "kb_draft_reject": "Từ chối bản nháp hỏi đáp",
    "kb_flag_clear": "Xóa cờ rà soát",
    "legal_document_record": "Ghi nhận văn bản pháp luật",
    "report_export": "Tải báo cáo CSV",
    "reply_resend": "Gửi lại tin trả lời",
    "population_update": "Cập nhật dân số xã, phường",
}
DETAIL_LABELS = {
    "role": "vai trò",
    "communes": "xã, phường",
    "kind": "loại tin",
    "at": "thời điểm",
    "ignore_quiet_hours": "gửi cả trong giờ yên tĩnh",
    "start": "từ ngày",
    "end": "đến ngày",
    "id": "mã mục",
    "flag": "cờ",
    "reason": "lý do",
    "relations": "liên quan",
    "changed": "số xã, phường thay đổi",
}
_KIND_LABELS = {
    "new_law": "tin luật mới",
    "local_notice": "thông báo của xã",
    "quiz_invitation": "lời mời dự thi",
}
_ROLE_LABELS = {role.value: label for role, label in ROLE_LABELS.items()}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def detail_text(detail: dict, commune_names: dict[str, str]) -> str:
    """Pure: "vai trò: Cán bộ xã, phường; xã, phường: Phường Hoàn Kiếm" for the page."""
    return "; ".join(
        f"{DETAIL_LABELS.get(key, key)}: {_value(key, value, commune_names)}"
        for key, value in detail.items()
    )


def _value(key: str, value: object, commune_names: dict[str, str]) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if key == "role":
        return _ROLE_LABELS.get(str(value), str(value))
    if key == "kind":
        return _KIND_LABELS.get(str(value), str(value))
    if key == "communes" and isinstance(value, list):
        return ", ".join(commune_names.get(code, code) for code in value) or "không có"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def audit_table(entries: list) -> Table:
    """The log as stored, for the CSV: action codes and details as JSON, Vietnam time."""
    return Table(
        "audit",
        "Nhật ký thao tác",
        ("time", "actor", "action", "target", "detail", "remote_addr"),
        tuple(
            (
                dt.datetime.fromtimestamp(entry.at, VIETNAM).isoformat(timespec="seconds"),
                entry.actor,
                entry.action,
                entry.target,
                json.dumps(entry.detail, ensure_ascii=False) if entry.detail else "",
                entry.remote_addr,
            )
            for entry in entries
        ),
    )
