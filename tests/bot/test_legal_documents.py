"""Reading document numbers and their relations from titles and summaries."""

import datetime as dt

from bot.legal_documents import (
    NamedRelation,
    RelationKind,
    document_key,
    in_force_date_in,
    own_number_in,
    relations_named_in,
    short_name,
)

AMENDS, REPLACES, REPEALS = RelationKind.AMENDS, RelationKind.REPLACES, RelationKind.REPEALS


def test_one_number_however_it_is_typed():
    assert document_key("168/2024/NĐ-CP") == document_key(" 168/2024/nd-cp ")
    assert document_key("168/2024/NĐ-CP") != document_key("168/2025/NĐ-CP")


def test_an_amending_decree_names_the_decree_it_amends():
    title = (
        "Nghị định số 12/2026/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số "
        "168/2024/NĐ-CP quy định xử phạt vi phạm hành chính về trật tự, an toàn giao thông"
    )
    assert own_number_in(title) == "12/2026/NĐ-CP"
    assert relations_named_in(title, "12/2026/NĐ-CP") == [NamedRelation(AMENDS, "168/2024/NĐ-CP")]


def test_replacing_and_repealing_in_one_summary():
    text = (
        "Thông tư 05/2026/TT-BTP thay thế Thông tư số 04/2020/TT-BTP và Thông tư số "
        "01/2022/TT-BTP; bãi bỏ Điều 3 Thông tư số 03/2023/TT-BTP. Có hiệu lực từ 01/7/2026."
    )
    assert relations_named_in(text, own_number_in(text)) == [
        NamedRelation(REPLACES, "04/2020/TT-BTP"),
        NamedRelation(REPLACES, "01/2022/TT-BTP"),
        NamedRelation(REPEALS, "03/2023/TT-BTP"),
    ]


def test_a_law_amending_several_laws_without_the_word_so():
    text = "Luật 99/2026/QH15 sửa đổi, bổ sung Luật Cư trú 68/2020/QH14, Luật Căn cước 26/2023/QH15"
    assert relations_named_in(text, "99/2026/QH15") == [
        NamedRelation(AMENDS, "68/2020/QH14"),
        NamedRelation(AMENDS, "26/2023/QH15"),
    ]


def test_a_title_without_a_relation_names_none():
    assert relations_named_in("Luật số 74/2025/QH15 Luật Việc làm", "74/2025/QH15") == []
    assert relations_named_in("Nghị định 282/2025/NĐ-CP về xử phạt an ninh trật tự") == []


def test_the_document_is_never_its_own_target_nor_the_amended_ones_number_its_own():
    summary = "Sửa đổi Nghị định 168/2024/NĐ-CP"
    assert own_number_in(summary) is None  # no number before the verb: not 168/2024
    assert relations_named_in("Nghị định 1/2026/NĐ-CP sửa đổi Nghị định 1/2026/NĐ-CP") == [
        NamedRelation(AMENDS, "1/2026/NĐ-CP")
    ]
    assert (
        relations_named_in("Nghị định 1/2026/NĐ-CP sửa đổi Nghị định 1/2026/ND-CP", "1/2026/NĐ-CP")
        == []
    )


def test_the_in_force_date_of_a_summary():
    assert in_force_date_in("Nghị định có hiệu lực từ 01/7/2026.") == dt.date(2026, 7, 1)
    assert in_force_date_in("có hiệu lực thi hành kể từ ngày 1 tháng 7 năm 2026") == dt.date(
        2026, 7, 1
    )
    assert in_force_date_in("có hiệu lực từ 31/02/2026") is None
    assert in_force_date_in("Ban hành ngày 15/5/2026") is None


def test_a_reply_names_a_document_by_its_type_and_number():
    assert short_name("12/2026/NĐ-CP", "Nghị định số 12/2026/NĐ-CP sửa đổi...") == (
        "Nghị định 12/2026/NĐ-CP"
    )
    assert short_name("99/2026/QH15", "Bộ luật Dân sự (sửa đổi)") == "Bộ luật 99/2026/QH15"
    assert short_name("5/2026/TT-BTP", "") == "Văn bản 5/2026/TT-BTP"
