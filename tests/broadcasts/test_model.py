import datetime as dt

import pytest

from broadcasts.model import (
    MESSAGE_LIMIT,
    Broadcast,
    Kind,
    Status,
    authorise_draft,
    message_text,
    problems_of,
    transition,
)
from kernel.identity import Officer, Role
from kernel.rules import RuleViolation

AT = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
OFFICER = Officer("thu.nguyen", Role.COMMUNICATION_OFFICER)
OTHER_OFFICER = Officer("minh.tran", Role.COMMUNICATION_OFFICER)
COMMUNE_OFFICIAL = Officer("xa.tatong", Role.COMMUNE_OFFICIAL, frozenset({"03301"}))
REVIEWER = Officer("ls.hoa", Role.LEGAL_REVIEWER)

NEW_LAW = Broadcast(
    kind=Kind.NEW_LAW,
    title="Luật Việc làm 2025 có hiệu lực",
    body="Người lao động có hợp đồng từ 1 tháng trở lên được tham gia bảo hiểm thất nghiệp.",
    author="thu.nguyen",
    document_number="74/2025/QH15",
    issuing_body="Quốc hội",
    effective_date=dt.date(2026, 1, 1),
    link="https://vanban.chinhphu.vn",
)
NOTICE = Broadcast(
    kind=Kind.LOCAL_NOTICE,
    title="Lịch tiếp công dân tháng 12",
    body="Chủ tịch UBND xã tiếp công dân sáng thứ Năm hằng tuần.",
    author="xa.tatong",
    target_communes=frozenset({"03301"}),
)


def test_a_complete_new_law_reads_well_and_has_no_problems():
    assert problems_of(NEW_LAW) == []
    text = message_text(NEW_LAW)
    assert "74/2025/QH15 · Quốc hội · hiệu lực từ 01/01/2026" in text
    assert "hủy đăng ký" in text


def test_empty_summary_missing_number_and_over_long_text_are_reported():
    bad = Broadcast(Kind.NEW_LAW, "Tiêu đề", "  ", "a")
    assert "Thiếu nội dung tóm tắt." in problems_of(bad)
    assert "Tin luật mới cần số hiệu văn bản." in problems_of(bad)
    long = Broadcast(Kind.NEW_LAW, "T", "x" * MESSAGE_LIMIT, "a", document_number="1/2026/NĐ-CP")
    assert any("vượt giới hạn" in p for p in problems_of(long))


def test_the_author_cannot_approve_their_own_broadcast():
    with pytest.raises(RuleViolation, match="tự duyệt"):
        transition(NEW_LAW, Status.APPROVED, OFFICER, AT)
    approved = transition(NEW_LAW, Status.APPROVED, OTHER_OFFICER, AT)
    assert (approved.status, approved.approved_by) == (Status.APPROVED, "minh.tran")
    assert approved.history[-1] == ("approved", "minh.tran", AT)


def test_a_broadcast_with_problems_cannot_be_approved():
    incomplete = Broadcast(Kind.NEW_LAW, "Tiêu đề", "", "thu.nguyen")
    with pytest.raises(RuleViolation, match="Thiếu nội dung"):
        transition(incomplete, Status.APPROVED, OTHER_OFFICER, AT)


def test_the_life_cycle_only_moves_forward():
    approved = transition(NEW_LAW, Status.APPROVED, OTHER_OFFICER, AT)
    scheduled = transition(approved, Status.SCHEDULED, OFFICER, AT)
    with pytest.raises(RuleViolation):
        transition(scheduled, Status.DRAFT, OFFICER, AT)
    cancelled = transition(scheduled, Status.CANCELLED, OFFICER, AT)
    with pytest.raises(RuleViolation):
        transition(cancelled, Status.SENDING, OFFICER, AT)
    with pytest.raises(RuleViolation):
        transition(NEW_LAW, Status.SENDING, OFFICER, AT)  # a draft is never sent


def test_commune_officials_reach_only_their_own_communes():
    authorise_draft(NOTICE, COMMUNE_OFFICIAL)
    elsewhere = Broadcast(
        Kind.LOCAL_NOTICE, "T", "B", "xa.tatong", target_communes=frozenset({"03301", "03302"})
    )
    with pytest.raises(RuleViolation, match="xã, phường của mình"):
        authorise_draft(elsewhere, COMMUNE_OFFICIAL)
    province_wide = Broadcast(Kind.LOCAL_NOTICE, "T", "B", "xa.tatong")
    with pytest.raises(RuleViolation):
        authorise_draft(province_wide, COMMUNE_OFFICIAL)
    with pytest.raises(RuleViolation, match="tin luật mới"):
        authorise_draft(NEW_LAW, COMMUNE_OFFICIAL)


def test_a_commune_official_cannot_approve_or_cancel_another_communes_notice():
    other_notice = Broadcast(
        Kind.LOCAL_NOTICE, "T", "B", "xa.khac", target_communes=frozenset({"03302"})
    )
    with pytest.raises(RuleViolation, match="không có quyền"):
        transition(other_notice, Status.APPROVED, COMMUNE_OFFICIAL, AT)
    with pytest.raises(RuleViolation, match="không có quyền"):
        transition(other_notice, Status.CANCELLED, COMMUNE_OFFICIAL, AT)


def test_legal_reviewers_neither_author_nor_approve_broadcasts():
    with pytest.raises(RuleViolation):
        authorise_draft(NEW_LAW, REVIEWER)
    with pytest.raises(RuleViolation):
        transition(NEW_LAW, Status.APPROVED, REVIEWER, AT)
