"""Which entries a recorded change or an old review flags, and the caution citizens read."""

import datetime as dt

from bot.answer_format import caution_line, format_faq_answer
from bot.kb_citations import Scope, Source
from bot.knowledge_base import Faq, KnowledgeBase, LegalBasis, LegalField
from bot.legal_currency import (
    Clearance,
    CurrencySummary,
    DocumentChange,
    FlagKind,
    currency_flags,
    documents_cited,
    entry_flags,
    summarise,
)
from bot.legal_documents import RelationKind

TODAY = dt.date(2026, 12, 2)
RESIDENCE = "Luật Cư trú 2020 (số 68/2020/QH14)"
CIVIL_STATUS = "Luật Hộ tịch 2014 (số 60/2014/QH13)"


def make_faq(faq_id: str, *documents: str, reviewed: dt.date = dt.date(2026, 11, 23)) -> Faq:
    return Faq(
        id=faq_id, field="cu_tru_can_cuoc", title=faq_id, audiences=("general_public",),
        question=f"{faq_id}?", variants=(), answer=f"Trả lời {faq_id}.",
        legal_basis=tuple(LegalBasis(document, ("Điều 1",)) for document in documents),
        reviewed=reviewed, scope=Scope("x", ("a", "b", "c")),
        sources=(Source("x", documents[0], "Điều 1", "https://vbpl.vn/x"),),
    )  # fmt: skip


KB = KnowledgeBase(
    (LegalField("cu_tru_can_cuoc", "Cư trú", "Cư trú"),),
    (
        make_faq("tam_tru", RESIDENCE),
        make_faq("thuong_tru", RESIDENCE, "Nghị định 154/2024/NĐ-CP"),
        make_faq("khai_sinh", CIVIL_STATUS),
    ),
)
AMENDMENT = DocumentChange(
    "99/2026/QH15", "Luật số 99/2026/QH15 sửa đổi, bổ sung Luật Cư trú", RelationKind.AMENDS,
    "68/2020/qh14", dt.date(2026, 7, 1),
)  # fmt: skip


def test_a_change_flags_exactly_the_entries_resting_on_the_changed_document():
    flags = currency_flags(KB, [AMENDMENT], [], TODAY)

    assert set(flags) == {"tam_tru", "thuong_tru"}
    flag = flags["tam_tru"][0]
    assert (flag.kind, flag.effective, flag.target_document) == (
        FlagKind.CHANGED, dt.date(2026, 7, 1), RESIDENCE
    )  # fmt: skip
    assert flag.reason() == f"Luật 99/2026/QH15 sửa đổi, bổ sung {RESIDENCE}"


def test_a_cleared_flag_is_gone_for_that_entry_only():
    key = currency_flags(KB, [AMENDMENT], [], TODAY)["tam_tru"][0].key
    cleared = [Clearance("tam_tru", key, TODAY)]

    assert set(currency_flags(KB, [AMENDMENT], cleared, TODAY)) == {"thuong_tru"}


def test_a_second_change_to_the_same_document_flags_again():
    key = currency_flags(KB, [AMENDMENT], [], TODAY)["tam_tru"][0].key
    repeal = DocumentChange("100/2026/QH15", "Luật 100/2026/QH15", RelationKind.REPLACES,
                            "68/2020/QH14")  # fmt: skip

    flags = entry_flags(
        KB.faq("tam_tru"), [AMENDMENT, repeal], [Clearance("tam_tru", key, TODAY)], TODAY
    )

    assert [flag.change for flag in flags] == [repeal]


def test_entries_past_the_review_age_are_flagged_overdue():
    old = make_faq("cu", CIVIL_STATUS, reviewed=dt.date(2026, 5, 1))
    knowledge_base = KnowledgeBase(KB.fields, (*KB.faqs, old))

    flags = currency_flags(knowledge_base, [], [], TODAY, max_age_days=183)

    assert list(flags) == ["cu"]
    (flag,) = flags["cu"]
    assert flag.kind is FlagKind.OVERDUE and flag.effective == dt.date(2026, 10, 31)
    assert flag.reason() == "Quá hạn rà soát: rà soát lần cuối ngày 01/05/2026"
    assert currency_flags(knowledge_base, [], [], dt.date(2026, 10, 31), 183) == {}


def test_clearing_an_overdue_flag_counts_as_a_review():
    old = make_faq("cu", CIVIL_STATUS, reviewed=dt.date(2026, 5, 1))
    key = entry_flags(old, [], [], TODAY, 183)[0].key
    cleared = [Clearance("cu", key, TODAY)]

    assert entry_flags(old, [], cleared, TODAY, 183) == []
    later = entry_flags(old, [], cleared, TODAY + dt.timedelta(days=184), 183)
    assert later[0].last_reviewed == TODAY


def test_the_summary_counts_current_flagged_and_overdue_entries():
    old = make_faq("cu", CIVIL_STATUS, reviewed=dt.date(2026, 5, 1))
    knowledge_base = KnowledgeBase(KB.fields, (*KB.faqs, old))

    flags = currency_flags(knowledge_base, [AMENDMENT], [], TODAY)

    assert summarise(knowledge_base, flags) == CurrencySummary(current=1, flagged=2, overdue=1)


def test_the_caution_names_the_change_and_its_date():
    flags = entry_flags(KB.faq("tam_tru"), [AMENDMENT], [], TODAY)

    answer = format_faq_answer(KB.faq("tam_tru"), flags)

    caution = (
        f"Lưu ý: Luật 99/2026/QH15 sửa đổi, bổ sung {RESIDENCE} từ 01/07/2026; câu trả lời "
        "đang được rà soát. Gõ “gặp cán bộ” để được cán bộ trả lời."
    )
    assert answer.split("\n\n")[:3] == ["Trả lời tam_tru.", caution, f"Căn cứ: Điều 1 {RESIDENCE}."]


def test_the_caution_without_a_known_date_and_for_an_overdue_review():
    undated = DocumentChange("5/2026/NĐ-CP", "Nghị định 5/2026/NĐ-CP", RelationKind.REPEALS,
                             "154/2024/NĐ-CP")  # fmt: skip
    flags = entry_flags(KB.faq("thuong_tru"), [undated], [], TODAY)
    assert caution_line(flags) == (
        "Lưu ý: Nghị định 5/2026/NĐ-CP bãi bỏ Nghị định 154/2024/NĐ-CP; câu trả lời đang được "
        "rà soát. Gõ “gặp cán bộ” để được cán bộ trả lời."
    )
    old = make_faq("cu", CIVIL_STATUS, reviewed=dt.date(2026, 5, 1))
    assert caution_line(entry_flags(old, [], [], TODAY)) == (
        "Lưu ý: câu trả lời này được rà soát lần cuối ngày 01/05/2026 và đang được kiểm tra "
        "lại. Gõ “gặp cán bộ” để được cán bộ trả lời."
    )
    assert caution_line([]) is None


def test_the_documents_the_knowledge_base_cites_once_each():
    assert documents_cited(KB) == [
        ("68/2020/QH14", RESIDENCE),
        ("154/2024/NĐ-CP", "Nghị định 154/2024/NĐ-CP"),
        ("60/2014/QH13", CIVIL_STATUS),
    ]
