"""Knowledge-base drafts: the form, the validator's problems, the YAML append and the
review rules, on a copy of the real ``nlu_data/kb`` (the project's own files are never
written)."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import time
from pathlib import Path

import pytest
import yaml

from bot.knowledge_base import MIN_VARIANTS, load_knowledge_base
from bot.project_paths import ProjectPaths
from bot.text_normalization import has_diacritics
from broadcasts.schema import create_broadcast_schema
from handoff.kb_drafts import (
    DraftStatus,
    EntryProblems,
    KbDraftStore,
    append_entry,
    entry_from_form,
    entry_problems,
    source_lines,
    suggest_id,
    with_unaccented_twins,
)
from kernel.identity import Officer, Role
from kernel.rules import RuleViolation
from server.database import Database
from server.schema import create_message_tables

TODAY = dt.date(2026, 12, 1)
FIELD_FILE = "cu_tru_can_cuoc.yml"
COMMUNE_OFFICIAL = Officer("lan.tran", Role.COMMUNE_OFFICIAL, frozenset({"03301"}))
OTHER_OFFICIAL = Officer("hung.le", Role.COMMUNE_OFFICIAL, frozenset({"03302"}))
REVIEWER = Officer("minh.pham", Role.LEGAL_REVIEWER)
ADMINISTRATOR = Officer("quan.tri", Role.ADMINISTRATOR)

VARIANTS = [
    "Chuyển đi nơi khác thì có phải xóa tạm trú không?",
    "xoa dang ky tam tru o dau",
    "het han tam tru co bi xoa khong",
    "thu tuc xoa tam tru cho nguoi thue tro",
    "chủ trọ có được xóa tạm trú của người thuê không",
    "bỏ trọ về quê thì tạm trú xử lý sao",
    "ko ở trọ nữa thì có cần báo công an xã ko",
    "xóa tạm trú mất bao lâu",
    "vắng mặt lâu ngày ở nơi tạm trú có bị xóa không",
    "xóa tạm trú trên vneid được không",
    "đã đăng ký thường trú ở nơi tạm trú thì tạm trú còn không",
    "hồ sơ xóa đăng ký tạm trú gồm những gì",
    "Em thuê trọ ở phường này được hai năm, giờ chuyển sang tỉnh khác làm việc, chủ trọ bảo "
    "em phải xóa tạm trú trước khi đi, vậy em phải làm ở đâu và có mất phí không ạ?",
]
ANSWER = (
    "Bạn bị xóa đăng ký tạm trú khi:\n"
    "- Chết, bị Tòa án tuyên bố mất tích;\n"
    "- Vắng mặt liên tục tại nơi tạm trú từ 6 tháng trở lên mà không đăng ký tạm trú ở nơi khác;\n"
    "- Đã được đăng ký thường trú tại chính nơi tạm trú.\n"
    "Nơi làm: Công an cấp xã nơi tạm trú, trực tiếp hoặc qua ứng dụng VNeID.\n"
    "Đây là thông tin pháp luật chung, không thay cho ý kiến về một vụ việc cụ thể."
)


NOT_COVERED = (
    "Xóa đăng ký thường trú khi bán nhà thì làm sao?\n"
    "Tạm vắng khi đi làm xa tỉnh có phải khai báo với ai không?\n"
    "Người nước ngoài khai báo tạm trú ở đâu?"
)
SOURCES = (
    "Các trường hợp bị xóa đăng ký tạm trú | Luật Cư trú (68/2020/QH14) | khoản 1 Điều 29 | "
    "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=148466\n"
    "Xóa tạm trú qua VNeID | Nghị định 154/2024/NĐ-CP | Điều 8 | "
    "https://thuvienphapluat.vn/van-ban/154-2024-nd-cp | thứ cấp"
)


def valid_form(**changes: str) -> dict[str, str]:
    form = {
        "id": "xoa_dang_ky_tam_tru",
        "field": "cu_tru_can_cuoc",
        "title": "Xóa tạm trú",
        "audiences": "general_public, workers",
        "question": "Khi nào bị xóa đăng ký tạm trú và thủ tục ra sao?",
        "variants": "\n".join(VARIANTS),
        "answer": ANSWER,
        "covers": "Khi nào bị xóa đăng ký tạm trú và nơi làm thủ tục.",
        "not_covered": NOT_COVERED,
        "legal_basis": "Luật Cư trú 2020 (số 68/2020/QH14) | Điều 29\nNghị định 154/2024/NĐ-CP",
        "sources": SOURCES,
        "link": "https://dichvucong.gov.vn",
    }
    return {**form, **changes}


def valid_entry(**changes: str) -> dict:
    return entry_from_form(valid_form(**changes), TODAY)


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "kb"
    shutil.copytree(ProjectPaths().kb_dir, copy)
    return copy


@pytest.fixture
def knowledge_base(kb_dir: Path):
    return load_knowledge_base(kb_dir)


@pytest.fixture
def database(tmp_path: Path) -> Database:
    database = Database(tmp_path / "t.db")
    create_message_tables(database.db)
    create_broadcast_schema(database.db)
    return database


@pytest.fixture
def store(database: Database, kb_dir: Path) -> KbDraftStore:
    # From now: an approval dates the entry, and the knowledge base refuses future dates.
    ticks = itertools.count(int(time.time()))
    return KbDraftStore(database, kb_dir, clock=lambda: float(next(ticks)))


# --- the form ---------------------------------------------------------------------------


def test_form_becomes_an_entry_in_the_knowledge_base_shape():
    entry = valid_entry()

    assert list(entry) == [
        "id", "field", "title", "audiences", "question", "variants", "answer", "scope",
        "legal_basis", "sources", "link", "reviewed",
    ]  # fmt: skip
    assert entry["audiences"] == ["general_public", "workers"]
    assert entry["variants"] == VARIANTS
    assert entry["legal_basis"] == [
        {"document": "Luật Cư trú 2020 (số 68/2020/QH14)", "articles": ["Điều 29"]},
        {"document": "Nghị định 154/2024/NĐ-CP"},
    ]
    assert entry["reviewed"] == TODAY


def test_form_reads_scope_and_sources_one_per_line():
    entry = valid_entry()

    assert entry["scope"] == {
        "covers": "Khi nào bị xóa đăng ký tạm trú và nơi làm thủ tục.",
        "not_covered": NOT_COVERED.split("\n"),
    }
    assert entry["sources"] == [
        {
            "fact": "Các trường hợp bị xóa đăng ký tạm trú",
            "document": "Luật Cư trú (68/2020/QH14)",
            "article": "khoản 1 Điều 29",
            "checked": "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=148466",
        },
        {
            "fact": "Xóa tạm trú qua VNeID",
            "document": "Nghị định 154/2024/NĐ-CP",
            "article": "Điều 8",
            "checked": "https://thuvienphapluat.vn/van-ban/154-2024-nd-cp",
            "secondary": True,
        },
    ]
    assert source_lines(entry["sources"]) == SOURCES


def test_a_draft_without_sources_is_not_approved(store, knowledge_base, kb_dir):
    original = (kb_dir / FIELD_FILE).read_bytes()
    draft_id = store.create(None, valid_entry(sources=""), COMMUNE_OFFICIAL)

    with pytest.raises(EntryProblems) as refused:
        store.approve(draft_id, REVIEWER, knowledge_base)

    assert any("'sources' must list" in p for p in refused.value.problems)
    assert (kb_dir / FIELD_FILE).read_bytes() == original


def test_a_source_line_missing_its_parts_is_a_problem(knowledge_base):
    problems = entry_problems(valid_entry(sources="Chỉ có nội dung"), knowledge_base)

    assert any("'document' is missing" in p for p in problems)
    assert any("the URL where the text was read" in p for p in problems)


def test_form_drops_blank_and_repeated_variants():
    entry = valid_entry(variants="xoa tam tru\n\n  xoa   tam tru \nXóa tạm trú\nXOA TAM TRU\n")

    assert entry["variants"] == ["xoa tam tru", "Xóa tạm trú"]


def test_form_reads_articles_after_the_bar_and_audiences_on_lines():
    entry = valid_entry(
        audiences="general_public\nstudents,\n",
        legal_basis="Luật Cư trú 2020 (số 68/2020/QH14) | Điều 27, khoản 2 Điều 28,\n\n",
    )

    assert entry["audiences"] == ["general_public", "students"]
    assert entry["legal_basis"] == [
        {
            "document": "Luật Cư trú 2020 (số 68/2020/QH14)",
            "articles": ["Điều 27", "khoản 2 Điều 28"],
        }
    ]


def test_checkbox_audiences_replace_the_text_field():
    entry = entry_from_form(valid_form(), TODAY, audiences=["students", " farmers ", ""])

    assert entry["audiences"] == ["students", "farmers"]


def test_blank_link_is_left_out_and_answer_lines_lose_trailing_spaces():
    entry = valid_entry(link="  ", answer="Dòng một   \r\nDòng hai\t\r\n")

    assert "link" not in entry
    assert entry["answer"] == "Dòng một\nDòng hai"


def test_blank_id_is_suggested_from_the_title():
    assert valid_entry(id=" ")["id"] == "xoa_tam_tru"
    assert (
        suggest_id("Đăng ký kết hôn (có yếu tố nước ngoài)")
        == "dang_ky_ket_hon_co_yeu_to_nuoc_ngoai"
    )
    assert suggest_id("100% đất ở") == "faq_100_dat_o"
    assert suggest_id("???") == "faq"


def test_twins_turn_the_shortest_accented_variants_unaccented():
    variants = [
        "Xóa tạm trú ở đâu?",
        "thu tuc xoa tam tru",
        "Hồ sơ xóa đăng ký tạm trú gồm những gì",
    ]

    twinned = with_unaccented_twins(variants)

    assert twinned == [
        "xoa tam tru o dau?",
        "thu tuc xoa tam tru",
        "ho so xoa dang ky tam tru gom nhung gi",
    ]


def test_twins_leave_variants_alone_when_enough_are_unaccented():
    assert with_unaccented_twins(VARIANTS) == VARIANTS


def test_twinned_variants_satisfy_the_validator(knowledge_base):
    # Only one variant is typed without diacritics: the validator wants three.
    accented = [variant for variant in VARIANTS if has_diacritics(variant)]
    extra = "tạm trú bị xóa rồi thì có đăng ký lại được không"
    entry = valid_entry(variants="\n".join(["xoa dang ky tam tru o dau", *accented, extra]))
    assert any("without diacritics" in p for p in entry_problems(entry, knowledge_base))

    entry["variants"] = with_unaccented_twins(entry["variants"])

    assert entry_problems(entry, knowledge_base) == []


# --- problems -----------------------------------------------------------------------------


def test_valid_entry_has_no_problems(knowledge_base):
    assert entry_problems(valid_entry(), knowledge_base) == []


def test_too_few_variants_is_a_problem(knowledge_base):
    entry = valid_entry(variants="\n".join(VARIANTS[:5]))

    problems = entry_problems(entry, knowledge_base)

    assert any(f"needs at least {MIN_VARIANTS} variants, has 5" in p for p in problems)


def test_repealed_document_is_a_problem(knowledge_base):
    entry = valid_entry(legal_basis="Nghị định 100/2019/NĐ-CP | Điều 5")

    problems = entry_problems(entry, knowledge_base)

    assert any("cites repealed 100/2019/NĐ-CP" in p for p in problems)


def test_existing_id_is_a_problem(knowledge_base):
    problems = entry_problems(valid_entry(id="dang_ky_tam_tru"), knowledge_base)

    assert any("'dang_ky_tam_tru' đã có" in p for p in problems)


def test_unknown_field_is_a_problem(knowledge_base):
    problems = entry_problems(valid_entry(field="ngoai_giao"), knowledge_base)

    assert problems == ["Lĩnh vực 'ngoai_giao' không có trong cơ sở tri thức."]


def test_phrasing_of_another_faq_is_a_problem(knowledge_base):
    taken = knowledge_base.faq("dang_ky_tam_tru").variants[0]
    entry = valid_entry(variants="\n".join([*VARIANTS, taken]))

    problems = entry_problems(entry, knowledge_base)

    assert any("also a phrasing of dang_ky_tam_tru" in p for p in problems)


# --- appending to a field file ----------------------------------------------------------


def test_appended_entry_reads_back_after_the_untouched_old_ones(kb_dir):
    original = (kb_dir / FIELD_FILE).read_text(encoding="utf-8")
    entry = valid_entry()

    appended = append_entry(original, entry)

    assert appended.startswith(original)
    before, after = yaml.safe_load(original), yaml.safe_load(appended)
    assert after["faqs"][:-1] == before["faqs"]
    assert after["faqs"][-1] == entry
    assert {k: after[k] for k in ("field", "label")} == {k: before[k] for k in ("field", "label")}


def test_appended_entry_is_formatted_like_the_hand_written_ones(kb_dir):
    original = (kb_dir / FIELD_FILE).read_text(encoding="utf-8")

    added = append_entry(original, valid_entry())[len(original) :]

    assert added.startswith("\n  - id: xoa_dang_ky_tam_tru\n    field: cu_tru_can_cuoc\n")
    assert "    audiences: [general_public, workers]\n" in added
    assert "    variants:\n      - Chuyển đi nơi khác" in added
    assert "    answer: |-\n      Bạn bị xóa đăng ký tạm trú khi:\n      - Chết," in added
    assert "        articles: [Điều 29]\n" in added
    assert "    scope:\n      covers: Khi nào bị xóa" in added
    assert "      not_covered:\n        - Xóa đăng ký thường trú khi bán nhà" in added
    assert "    sources:\n      - fact: Các trường hợp bị xóa đăng ký tạm trú\n" in added
    assert "        secondary: true\n" in added
    assert added.endswith("    reviewed: 2026-12-01\n")


def test_append_keeps_a_key_after_the_faqs_list_in_place():
    text = "field: x\nlabel: X\nfaqs:\n  - id: a\n    title: A\nnote: kept\n"

    appended = append_entry(text, {"id": "b", "title": "B"})

    assert appended.endswith("    title: A\n\n  - id: b\n    title: B\nnote: kept\n")
    assert yaml.safe_load(appended)["note"] == "kept"


def test_append_refuses_a_file_without_a_faqs_list():
    with pytest.raises(ValueError, match="faqs"):
        append_entry("field: x\nlabel: X\n", {"id": "b"})


# --- the store and its review rules -----------------------------------------------------


def test_created_draft_reads_back_with_its_entry_and_author(store):
    entry = valid_entry()

    draft = store.get(store.create(None, entry, COMMUNE_OFFICIAL))

    assert draft.entry == entry
    assert draft.status is DraftStatus.DRAFT
    assert (draft.author, draft.reviewer, draft.reviewed_at) == ("lan.tran", None, None)


def test_draft_remembers_the_forwarded_question(store, database):
    question_id = _forwarded_question(database)

    draft = store.get(store.create(question_id, valid_entry(), COMMUNE_OFFICIAL))

    assert draft.question_id == question_id


def test_draft_for_an_unknown_question_is_refused(store):
    with pytest.raises(LookupError, match="câu hỏi chuyển tiếp số 999"):
        store.create(999, valid_entry(), COMMUNE_OFFICIAL)


def test_author_edits_own_draft_but_another_official_cannot(store):
    draft_id = store.create(None, valid_entry(), COMMUNE_OFFICIAL)

    edited = store.update(draft_id, valid_entry(title="Xóa đăng ký tạm trú"), COMMUNE_OFFICIAL)

    assert edited.entry["title"] == "Xóa đăng ký tạm trú"
    with pytest.raises(RuleViolation, match="Chỉ người soạn"):
        store.update(draft_id, valid_entry(), OTHER_OFFICIAL)


def test_list_narrows_to_one_status_newest_first(store):
    first = store.create(None, valid_entry(), COMMUNE_OFFICIAL)
    second = store.create(None, valid_entry(id="khac"), COMMUNE_OFFICIAL)
    store.reject(first, REVIEWER, "Trùng nội dung đã có.")

    assert [d.id for d in store.list()] == [second, first]
    assert [d.id for d in store.list(DraftStatus.DRAFT)] == [second]


def test_author_cannot_approve_own_draft(store, knowledge_base, kb_dir):
    draft_id = store.create(None, valid_entry(), REVIEWER)

    with pytest.raises(RuleViolation, match="không được tự duyệt"):
        store.approve(draft_id, REVIEWER, knowledge_base)
    assert store.get(draft_id).status is DraftStatus.DRAFT


def test_commune_official_cannot_approve(store, knowledge_base):
    draft_id = store.create(None, valid_entry(), COMMUNE_OFFICIAL)

    with pytest.raises(RuleViolation, match="Chỉ cán bộ rà soát pháp lý"):
        store.approve(draft_id, OTHER_OFFICIAL, knowledge_base)


def test_reviewer_approval_adds_the_entry_to_the_knowledge_base(store, knowledge_base, kb_dir):
    original = (kb_dir / FIELD_FILE).read_bytes()
    draft_id = store.create(None, valid_entry(), COMMUNE_OFFICIAL)

    approved = store.approve(draft_id, REVIEWER, knowledge_base)

    assert approved.status is DraftStatus.APPROVED
    assert approved.reviewer == "minh.pham" and approved.reviewed_at is not None
    assert (kb_dir / FIELD_FILE).read_bytes().startswith(original)
    faq = load_knowledge_base(kb_dir).faq("xoa_dang_ky_tam_tru")
    assert faq.field == "cu_tru_can_cuoc" and faq.legal_basis[0].articles == ("Điều 29",)
    assert not list(kb_dir.glob("*.tmp"))


def test_entry_with_problems_is_not_approved_and_the_file_is_unchanged(
    store, knowledge_base, kb_dir
):
    original = (kb_dir / FIELD_FILE).read_bytes()
    entry = valid_entry(legal_basis="Nghị định 100/2019/NĐ-CP | Điều 5")
    draft_id = store.create(None, entry, COMMUNE_OFFICIAL)

    with pytest.raises(EntryProblems) as refused:
        store.approve(draft_id, REVIEWER, knowledge_base)

    assert any("100/2019/NĐ-CP" in p for p in refused.value.problems)
    assert (kb_dir / FIELD_FILE).read_bytes() == original
    assert store.get(draft_id).status is DraftStatus.DRAFT


def test_file_is_restored_when_the_knowledge_base_no_longer_loads(store, knowledge_base, kb_dir):
    # The in-memory knowledge base is stale: another reviewer has since approved the same id
    # in another field, so only re-loading the folder finds the duplicate.
    first = store.create(None, valid_entry(), COMMUNE_OFFICIAL)
    store.approve(first, REVIEWER, knowledge_base)
    other_file = kb_dir / "ho_tich.yml"
    original = other_file.read_bytes()
    second = store.create(None, valid_entry(field="ho_tich"), COMMUNE_OFFICIAL)

    with pytest.raises(EntryProblems) as refused:
        store.approve(second, ADMINISTRATOR, knowledge_base)

    assert any("duplicate FAQ id 'xoa_dang_ky_tam_tru'" in p for p in refused.value.problems)
    assert other_file.read_bytes() == original
    assert store.get(second).status is DraftStatus.DRAFT
    load_knowledge_base(kb_dir)  # still loads


def test_second_approval_of_the_same_draft_is_refused(store, knowledge_base, kb_dir):
    draft_id = store.create(None, valid_entry(), COMMUNE_OFFICIAL)
    store.approve(draft_id, REVIEWER, knowledge_base)
    approved_text = (kb_dir / FIELD_FILE).read_bytes()

    with pytest.raises(RuleViolation, match="đã được duyệt"):
        store.approve(draft_id, ADMINISTRATOR, knowledge_base)
    assert (kb_dir / FIELD_FILE).read_bytes() == approved_text


def test_approved_draft_can_no_longer_be_edited(store, knowledge_base):
    draft_id = store.create(None, valid_entry(), COMMUNE_OFFICIAL)
    store.approve(draft_id, REVIEWER, knowledge_base)

    with pytest.raises(RuleViolation, match="đã được duyệt"):
        store.update(draft_id, valid_entry(), COMMUNE_OFFICIAL)


def test_reject_needs_a_note(store):
    draft_id = store.create(None, valid_entry(), COMMUNE_OFFICIAL)

    with pytest.raises(RuleViolation, match="lý do"):
        store.reject(draft_id, REVIEWER, "  ")
    assert store.get(draft_id).status is DraftStatus.DRAFT


def test_rejected_draft_keeps_the_note_and_cannot_be_approved(store, knowledge_base, kb_dir):
    original = (kb_dir / FIELD_FILE).read_bytes()
    draft_id = store.create(None, valid_entry(), COMMUNE_OFFICIAL)

    rejected = store.reject(draft_id, REVIEWER, "Cần dẫn thêm Nghị định 154/2024/NĐ-CP.")

    assert (rejected.status, rejected.reviewer) == (DraftStatus.REJECTED, "minh.pham")
    assert rejected.review_note == "Cần dẫn thêm Nghị định 154/2024/NĐ-CP."
    with pytest.raises(RuleViolation, match="đã bị từ chối"):
        store.approve(draft_id, ADMINISTRATOR, knowledge_base)
    assert (kb_dir / FIELD_FILE).read_bytes() == original


def test_commune_official_cannot_reject(store):
    draft_id = store.create(None, valid_entry(), COMMUNE_OFFICIAL)

    with pytest.raises(RuleViolation, match="Chỉ cán bộ rà soát pháp lý"):
        store.reject(draft_id, OTHER_OFFICIAL, "Không cần.")


def _forwarded_question(database: Database) -> int:
    with database.transaction() as db:
        inbox = db.execute(
            "INSERT INTO inbox (channel, platform_message_id, user_id, kind, text, sent_at, "
            "received_at) VALUES ('simulator', 'm1', 'u1', 'text', 'xoa tam tru', 0, 0)"
        )
        question = db.execute(
            "INSERT INTO forwarded_questions (inbox_id, channel, user_id, question, created_at) "
            "VALUES (?, 'simulator', 'u1', 'xoa tam tru o dau', 0)",
            (inbox.lastrowid,),
        )
    return question.lastrowid
