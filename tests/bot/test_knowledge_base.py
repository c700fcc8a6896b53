import copy
import datetime as dt

import pytest
import yaml

from bot.audiences import AUDIENCE_CODES
from bot.check_kb import main as check_kb
from bot.kb_citations import Scope, Source
from bot.knowledge_base import (
    MAX_ANSWER_CHARS,
    Faq,
    KnowledgeBaseError,
    cross_faq_problems,
    load_knowledge_base,
    parse_field_document,
)
from bot.project_paths import ProjectPaths
from bot.text_normalization import has_diacritics

# The 40 topics the programme asks every assistant to cover, by FAQ id.
REQUIRED_TOPICS = {
    "dang_ky_ket_hon", "tuoi_ket_hon", "dang_ky_khai_sinh", "dang_ky_khai_tu",
    "xac_nhan_tinh_trang_hon_nhan", "ly_hon", "dang_ky_thuong_tru", "dang_ky_tam_tru",
    "cap_the_can_cuoc", "doi_the_can_cuoc_theo_tuoi", "dinh_danh_dien_tu_vneid",
    "cap_so_do_lan_dau", "chuyen_nhuong_dat", "tranh_chap_dat_dai", "phat_nong_do_con",
    "phat_vuot_den_do", "khong_doi_mu_bao_hiem", "tru_diem_gplx", "tuoi_lai_xe_may",
    "hop_dong_lao_dong", "thu_viec", "rut_bhxh_mot_lan", "tro_cap_that_nghiep",
    "che_do_thai_san", "nghi_phep_nam", "thua_ke_theo_phap_luat", "lap_di_chuc",
    "chung_thuc_ban_sao", "lua_dao_qua_mang", "bao_luc_gia_dinh", "tro_giup_phap_ly",
    "dang_ky_ho_kinh_doanh", "thanh_lap_doanh_nghiep", "khieu_nai_hanh_chinh",
    "to_cao_vi_pham", "nghia_vu_quan_su", "hoa_giai_co_so", "bao_hiem_y_te",
    "bao_ve_tre_em", "tieng_on_karaoke",
}  # fmt: skip

VALID_ENTRY = {
    "id": "dang_ky_ket_hon",
    "field": "ho_tich",
    "title": "Đăng ký kết hôn",
    "audiences": ["general_public"],
    "question": "Thủ tục đăng ký kết hôn như thế nào?",
    "variants": [
        "Đăng ký kết hôn cần giấy tờ gì?",
        "dang ky ket hon o dau",
        "thu tuc dang ky ket hon can nhung gi",
        "dang ky ket hon co mat phi khong",
        "dk ket hon can mang theo j",
        "Muốn làm giấy đăng ký kết hôn thì ra đâu làm?",
        "Làm giấy kết hôn mất bao lâu",
        "Đăng ký kết hôn có mất tiền không",
        "Hai đứa muốn cưới thì phải đăng ký ở đâu vậy ạ",
        "Đi đăng ký kết hôn cần cả hai người có mặt không",
        "Em ở xã A, người yêu em ở tỉnh khác, bọn em định cưới vào tháng sau thì đăng ký kết hôn ở đâu và cần chuẩn bị những giấy tờ gì ạ?",
        "thủ tục kết hôn ntn",
    ],
    "answer": "Hai bạn đến Ủy ban nhân dân cấp xã nơi cư trú của một trong hai người.",
    "scope": {
        "covers": "Nơi và giấy tờ đăng ký kết hôn giữa hai công dân Việt Nam ở trong nước.",
        "not_covered": [
            "Kết hôn với người nước ngoài làm ở đâu?",
            "Ghi chú kết hôn đã đăng ký ở nước ngoài thế nào?",
            "Xin giấy xác nhận tình trạng hôn nhân ở đâu?",
        ],
    },
    "legal_basis": [{"document": "Luật Hộ tịch 2014 (số 60/2014/QH13)", "articles": ["Điều 18"]}],
    "sources": [
        {
            "fact": "Đăng ký kết hôn tại UBND cấp xã nơi cư trú của một trong hai bên",
            "document": "Luật Hộ tịch (60/2014/QH13)",
            "article": "khoản 1 Điều 17",
            "checked": "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=70800",
        }
    ],
    "reviewed": dt.date(2026, 11, 22),
}
TODAY = dt.date(2026, 12, 2)


def document_with(**changes) -> dict:
    entry = copy.deepcopy(VALID_ENTRY)
    entry.update(changes)
    return {"field": "ho_tich", "label": "Hộ tịch", "faqs": [entry]}


def problems_of(**changes) -> list[str]:
    return parse_field_document(document_with(**changes), "ho_tich.yml", TODAY)[2]


def with_source(**changes) -> list[dict]:
    return [{**VALID_ENTRY["sources"][0], **changes}]


def test_a_complete_entry_has_no_problems():
    field, faqs, problems = parse_field_document(document_with(), "ho_tich.yml", TODAY)
    assert problems == []
    assert field.code == "ho_tich"
    assert faqs[0].legal_basis[0].citation() == "Điều 18 Luật Hộ tịch 2014 (số 60/2014/QH13)"


def test_scope_and_sources_are_read_into_the_entry():
    faq = parse_field_document(document_with(), "ho_tich.yml", TODAY)[1][0]

    assert faq.scope == Scope(
        VALID_ENTRY["scope"]["covers"], tuple(VALID_ENTRY["scope"]["not_covered"])
    )
    assert faq.sources == (
        Source(
            "Đăng ký kết hôn tại UBND cấp xã nơi cư trú của một trong hai bên",
            "Luật Hộ tịch (60/2014/QH13)",
            "khoản 1 Điều 17",
            "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=70800",
            secondary=False,
        ),
    )


def test_a_secondary_source_is_marked_so():
    faq = parse_field_document(
        document_with(sources=with_source(secondary=True)), "ho_tich.yml", TODAY
    )[1][0]
    assert faq.sources[0].secondary is True


def test_an_entry_without_sources_is_rejected():
    assert any("'sources' must list" in p for p in problems_of(sources=[]))
    entry = copy.deepcopy(VALID_ENTRY)
    del entry["sources"]
    document = {"field": "ho_tich", "label": "Hộ tịch", "faqs": [entry]}
    assert any("'sources'" in p for p in parse_field_document(document, "ho_tich.yml", TODAY)[2])


def test_a_source_needs_a_fact_a_well_formed_article_if_any_and_a_url():
    problems = problems_of(sources=with_source(fact="", article="điều mười bảy", checked="vbpl.vn"))
    assert any("'fact' is missing" in p for p in problems)
    assert any("article must look like" in p for p in problems)
    assert any("the URL where the text was read" in p for p in problems)


def test_a_search_page_is_not_where_a_text_was_read():
    for search in ("https://github.com/search?q=252%2F2026", "https://www.google.com/search?q=x"):
        problems = problems_of(sources=with_source(checked=search))
        assert any("is a search page" in p for p in problems)
    assert problems_of(sources=with_source(checked="https://github.com/o/r/blob/main/a.md")) == []


def test_a_source_whose_article_was_not_seen_may_leave_it_out():
    assert problems_of(sources=with_source(article="")) == []


def test_a_source_must_share_its_number_with_the_legal_basis():
    problems = problems_of(sources=with_source(document="Nghị định 123/2015/NĐ-CP"))
    assert any("shares no document number with legal_basis" in p for p in problems)


def test_an_article_in_the_answer_must_be_in_the_legal_basis():
    problems = problems_of(answer="Theo khoản 1 Điều 17 và Điều 18 Luật Hộ tịch, đến UBND xã.")
    assert problems == [
        "ho_tich.yml faqs[0] (dang_ky_ket_hon): answer names Điều 17, not among the "
        "legal_basis articles"
    ]


def test_conditions_are_not_articles():
    assert problems_of(answer="Đủ điều kiện kết hôn thì đến UBND xã nơi cư trú.") == []


def test_scope_needs_what_it_covers_and_three_questions_it_does_not():
    problems = problems_of(scope={"covers": "", "not_covered": ["Kết hôn với người nước ngoài?"]})
    assert any("'scope.covers'" in p for p in problems)
    assert any("at least 3 questions" in p for p in problems)
    assert any("'scope' must have" in p for p in problems_of(scope="kết hôn"))


def test_a_reviewed_date_later_than_today_is_rejected():
    problems = problems_of(reviewed=dt.date(2026, 12, 3))
    assert problems == [
        "ho_tich.yml faqs[0] (dang_ky_ket_hon): 'reviewed' 2026-12-03 is later than today "
        "(2026-12-02)"
    ]
    assert problems_of(reviewed=TODAY) == []


def test_a_reviewed_value_that_is_not_a_day_is_rejected():
    assert any("must be a date" in p for p in problems_of(reviewed="2026-11-22"))
    assert any("must be a date" in p for p in problems_of(reviewed=dt.datetime(2026, 11, 22, 8)))


def test_an_impossible_reviewed_date_in_a_file_is_reported(tmp_path):
    text = yaml.safe_dump(document_with(), allow_unicode=True, sort_keys=False)
    (tmp_path / "ho_tich.yml").write_text(text.replace("2026-11-22", "2026-02-30"), "utf-8")

    with pytest.raises(KnowledgeBaseError) as refused:
        load_knowledge_base(tmp_path, today=lambda: TODAY)

    assert any("impossible date" in p for p in refused.value.problems)


def test_a_not_covered_question_that_is_a_variant_is_rejected():
    faq = parse_field_document(document_with(), "ho_tich.yml", TODAY)[1][0]
    other = Faq(
        **{
            **faq.__dict__,
            "id": "ket_hon_nuoc_ngoai",
            "question": "Kết hôn với người nước ngoài làm ở đâu?",
            "variants": ("ket hon voi nguoi nuoc ngoai",),
            "scope": Scope("Kết hôn có yếu tố nước ngoài.", ("a", "b", "c")),
        }
    )

    problems = cross_faq_problems([faq, other])

    assert problems == [
        "dang_ky_ket_hon: not_covered 'Kết hôn với người nước ngoài làm ở đâu?' is a "
        "phrasing of ket_hon_nuoc_ngoai, so it is covered"
    ]


def test_check_kb_rejects_an_entry_without_sources(tmp_path, capsys):
    entry = copy.deepcopy(VALID_ENTRY)
    del entry["sources"]
    document = {"field": "ho_tich", "label": "Hộ tịch", "faqs": [entry]}
    (tmp_path / "ho_tich.yml").write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")

    assert check_kb([str(tmp_path)]) == 1
    assert "'sources' must list" in capsys.readouterr().err


def test_too_few_variants_is_a_problem():
    assert any(
        "at least 12 variants" in p for p in problems_of(variants=VALID_ENTRY["variants"][:11])
    )


def test_variants_must_include_text_without_diacritics():
    accented = [v for v in VALID_ENTRY["variants"] if has_diacritics(v)] * 2
    numbered = [f"{v} {i}" for i, v in enumerate(accented)]
    assert any("without diacritics" in p for p in problems_of(variants=numbered))


def test_variants_that_repeat_once_folded_are_a_problem():
    variants = [*VALID_ENTRY["variants"], "Đăng ký kết hôn cần giấy tờ gì"]
    assert any("repeat once folded" in p for p in problems_of(variants=variants))


def test_answer_over_the_limit_is_a_problem():
    assert any("characters" in p for p in problems_of(answer="a" * (MAX_ANSWER_CHARS + 1)))


def test_district_level_wording_is_rejected():
    problems = problems_of(answer="Nộp hồ sơ tại UBND huyện nơi cư trú.")
    assert any("no district level" in p for p in problems)


def test_repealed_decree_is_rejected():
    basis = [{"document": "Nghị định 100/2019/NĐ-CP"}]
    assert any("repealed" in p for p in problems_of(legal_basis=basis))


def test_a_source_citing_a_repealed_document_is_rejected():
    basis = [*VALID_ENTRY["legal_basis"], {"document": "Luật Công chứng 2014 (số 53/2014/QH13)"}]
    source = with_source(document="Luật Công chứng 2014 (số 53/2014/QH13)")
    problems = problems_of(legal_basis=basis, sources=source)
    assert any("cites repealed 53/2014/QH13" in p for p in problems)


def test_legal_basis_needs_a_document_number():
    assert any(
        "document number" in p for p in problems_of(legal_basis=[{"document": "Luật Hộ tịch"}])
    )


def test_articles_must_be_written_as_articles():
    basis = [{"document": "Luật Hộ tịch 2014 (số 60/2014/QH13)", "articles": ["article 18"]}]
    assert any("articles must look like" in p for p in problems_of(legal_basis=basis))


def test_unknown_audience_is_a_problem():
    assert any("audiences" in p for p in problems_of(audiences=["tourists"]))


def test_a_not_covered_question_can_name_the_entry_that_answers_it():
    scope = {
        **VALID_ENTRY["scope"],
        "not_covered": [
            "Kết hôn với người nước ngoài làm ở đâu? → ket_hon_nuoc_ngoai",
            "Ghi chú kết hôn đã đăng ký ở nước ngoài thế nào?",
            "Xin giấy xác nhận tình trạng hôn nhân ở đâu?",
        ],
    }
    faq = parse_field_document(document_with(scope=scope), "ho_tich.yml", TODAY)[1][0]

    assert faq.scope.not_covered[0] == "Kết hôn với người nước ngoài làm ở đâu?"
    assert faq.scope.answered_by == (
        ("Kết hôn với người nước ngoài làm ở đâu?", "ket_hon_nuoc_ngoai"),
    )
    assert faq.scope.unanswered() == (
        "Ghi chú kết hôn đã đăng ký ở nước ngoài thế nào?",
        "Xin giấy xác nhận tình trạng hôn nhân ở đâu?",
    )


def test_naming_an_entry_that_does_not_exist_is_a_problem():
    scope = {
        **VALID_ENTRY["scope"],
        "not_covered": [*VALID_ENTRY["scope"]["not_covered"][1:], "Ly hôn ở đâu? → ly_hon"],
    }
    faq = parse_field_document(document_with(scope=scope), "ho_tich.yml", TODAY)[1][0]
    answered_by_itself = Faq(
        **{
            **faq.__dict__,
            "id": "ly_hon",
            "question": "Ly hôn thuận tình làm thế nào?",
            "variants": ("ly hon thuan tinh",),
            "scope": Scope("Ly hôn.", ("a", "b", "c"), (("c", "ly_hon"),)),
        }
    )

    assert any("'ly_hon'" in p for p in cross_faq_problems([faq]))
    problems = cross_faq_problems([faq, answered_by_itself])
    assert problems == [
        "ly_hon: not_covered 'c' names 'ly_hon' as answering it, which is not another entry"
    ]


def test_button_title_must_fit_twenty_characters():
    assert any("title" in p for p in problems_of(title="Thủ tục đăng ký kết hôn đầy đủ"))


def test_one_phrasing_in_two_faqs_is_a_problem():
    faq = parse_field_document(document_with(), "ho_tich.yml")[1][0]
    twin = Faq(**{**faq.__dict__, "id": "another"})
    assert any("also a phrasing of" in p for p in cross_faq_problems([faq, twin]))


@pytest.fixture(scope="module")
def knowledge_base():
    return load_knowledge_base(ProjectPaths().kb_dir)


def test_the_knowledge_base_covers_the_forty_required_topics(knowledge_base):
    assert REQUIRED_TOPICS <= {faq.id for faq in knowledge_base.faqs}


def test_every_field_has_its_own_file_and_faqs(knowledge_base):
    assert len(knowledge_base.fields) >= 10
    for field in knowledge_base.fields:
        assert any(faq.field == field.code for faq in knowledge_base.faqs), field.code


def test_every_answer_is_sourced_short_and_reviewed(knowledge_base):
    for faq in knowledge_base.faqs:
        assert faq.legal_basis, faq.id
        assert len(faq.answer) <= MAX_ANSWER_CHARS, faq.id
        assert faq.reviewed >= dt.date(2025, 7, 1), faq.id
        assert set(faq.audiences) <= AUDIENCE_CODES, faq.id


def test_every_faq_has_varied_phrasings(knowledge_base):
    for faq in knowledge_base.faqs:
        assert len(faq.variants) >= 12, faq.id
        assert sum(not has_diacritics(v) for v in faq.variants) >= 3, faq.id
        assert any(len(v) >= 100 for v in faq.variants), faq.id
