"""From an answered question to a knowledge-base entry: drafted by the official,
approved by a legal reviewer into the field's YAML file."""

from bot.knowledge_base import load_knowledge_base
from tests.console.web_support import ConsoleClient, forward_question

VARIANTS = "\n".join(
    [
        "Xóa đăng ký tạm trú ở đâu?",
        "chuyển đi nơi khác có phải xóa tạm trú không",
        "thủ tục xóa tạm trú khi hết hợp đồng thuê nhà",
        "ai được xóa đăng ký tạm trú cho người thuê",
        "xoa tam tru o dau",
        "xoa tam tru online duoc ko",
        "chu nha co duoc xoa tam tru cua nguoi thue khong",
        "bị xóa tạm trú khi vắng mặt bao lâu",
        "xóa tạm trú mất bao nhiêu ngày",
        "hồ sơ xóa tạm trú gồm những gì",
        "xóa tạm trú có mất phí không",
        "đã trả phòng trọ nhưng vẫn còn tạm trú thì làm sao",
        "Tôi thuê trọ ở phường Hoàn Kiếm ba năm, nay đã chuyển về quê làm việc, chủ nhà bảo "
        "tôi phải xóa tạm trú thì mới cho người mới đăng ký, tôi phải làm gì ạ?",
    ]
)
FORM = {
    "field": "cu_tru_can_cuoc",
    "title": "Xóa tạm trú",
    "id": "xoa_dang_ky_tam_tru_moi",
    "audiences": "general_public",
    "question": "Khi nào bị xóa đăng ký tạm trú và làm thủ tục ở đâu?",
    "variants": VARIANTS,
    "answer": "Người đã chuyển đi nơi khác bị xóa đăng ký tạm trú. Nơi làm: công an xã, "
    "phường nơi tạm trú hoặc trên Cổng dịch vụ công, ứng dụng VNeID. Cần mang: thẻ căn cước.",
    "covers": "Khi nào bị xóa đăng ký tạm trú và nơi làm thủ tục.",
    "not_covered": "Xóa đăng ký thường trú khi bán nhà thì làm sao?\nTạm vắng khi đi làm xa tỉnh có phải khai báo với ai không?\n"
    "Người nước ngoài khai báo tạm trú ở đâu?",
    "legal_basis": "Luật Cư trú 2020 (số 68/2020/QH14) | Điều 29",
    "sources": "Các trường hợp bị xóa đăng ký tạm trú | Luật Cư trú 2020 (số 68/2020/QH14) | "
    "khoản 1 Điều 29 | https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=148466",
}


def test_an_official_drafts_and_a_reviewer_approves_into_the_knowledge_base(console_app, kb_copy):
    question_id = forward_question(console_app, "c1", "phường Hoàn Kiếm: xóa tạm trú thế nào")
    official = ConsoleClient(console_app, "lan")
    prefilled = official.get(f"/console/kb/new?question={question_id}").get_data(as_text=True)
    assert "xóa tạm trú thế nào" in prefilled
    created = official.post("/console/kb", FORM | {"question_id": str(question_id)})
    assert created.status_code == 303
    draft_id = int(created.headers["Location"].rsplit("/", 1)[1])

    own = official.post(f"/console/kb/{draft_id}/approve")
    assert own.status_code == 403  # commune officials do not review
    reviewer = ConsoleClient(console_app, "reviewer")
    reviewer.post(f"/console/kb/{draft_id}/approve")
    assert console_app.extensions["console"].kb_drafts.get(draft_id).status.value == "approved"
    knowledge_base = load_knowledge_base(kb_copy)
    added = knowledge_base.faq("xoa_dang_ky_tam_tru_moi")
    assert added.legal_basis[0].articles == ("Điều 29",)
    assert added.sources[0].article == "khoản 1 Điều 29" and len(added.scope.not_covered) == 3
    page = reviewer.get(f"/console/kb/{draft_id}").get_data(as_text=True)
    assert "khoản 1 Điều 29 | https://vbpl.vn" in page  # the form shows the sources back


def test_a_draft_citing_a_repealed_decree_is_not_approved(console_app, kb_copy):
    before = (kb_copy / "cu_tru_can_cuoc.yml").read_bytes()
    official = ConsoleClient(console_app, "thu")
    created = official.post(
        "/console/kb", FORM | {"legal_basis": "Nghị định 100/2019/NĐ-CP | Điều 5"}
    )
    draft_id = int(created.headers["Location"].rsplit("/", 1)[1])
    page = official.get(f"/console/kb/{draft_id}").get_data(as_text=True)
    assert "Chưa đạt yêu cầu để duyệt" in page
    response = ConsoleClient(console_app, "reviewer").post(
        f"/console/kb/{draft_id}/approve", follow_redirects=True
    )
    assert "100/2019/NĐ-CP" in response.get_data(as_text=True)
    assert (kb_copy / "cu_tru_can_cuoc.yml").read_bytes() == before
