"""Answers that are right today: a document recorded by the new-law feed or by an officer
flags the entries resting on the document it changes; citizens' replies carry a caution
until a legal reviewer clears the flag in *Kho hỏi đáp › Rà soát hiệu lực*."""

import responses

from bot.legal_currency import FlagKind
from bot.messages import IncomingMessage
from broadcasts.feeds import FeedImporter
from server.services import services_of
from tests.console.web_support import ConsoleClient

FEED_URL = "https://vbpl.test/rss/van-ban-moi.rss"
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Văn bản mới</title>
<item>
  <title>Luật số 12/2026/QH15 sửa đổi, bổ sung một số điều của Luật Cư trú số 68/2020/QH14</title>
  <link>https://vbpl.test/van-ban/12-2026-qh15</link>
  <description>Luật có hiệu lực từ 01/7/2026.</description>
</item>
</channel></rss>""".encode()
CAUTION = "Lưu ý: Luật 12/2026/QH15 sửa đổi, bổ sung"


def resting_on(app, number: str) -> set[str]:
    knowledge_base = app.extensions["console"].knowledge_base()
    return {
        faq.id
        for faq in knowledge_base.faqs
        if any(number in basis.document for basis in faq.legal_basis)
    }


def changed(app) -> dict[str, list]:
    flags = app.extensions["console"].currency.all_flags()
    return {
        faq_id: [flag for flag in entry if flag.kind is FlagKind.CHANGED]
        for faq_id, entry in flags.items()
        if any(flag.kind is FlagKind.CHANGED for flag in entry)
    }


def ask_about_temporary_residence(app, user_id: str, message_id: str) -> str:
    """A simulator citizen asks the scripted temporary-residence question; the reply text."""
    services_of(app).inbox.accept(
        [IncomingMessage("simulator", user_id, text="tam tru", platform_message_id=message_id)]
    )
    services_of(app).worker.process_due()
    rows = services_of(app).database.db.execute(
        "SELECT text FROM outbox WHERE user_id = ? ORDER BY id DESC LIMIT 1", (user_id,)
    )
    return rows.fetchone()[0]


@responses.activate
def test_an_amendment_from_the_feed_flags_entries_and_replies_until_a_reviewer_clears_it(
    console_app,
):
    expected = resting_on(console_app, "68/2020/QH14")
    assert "dang_ky_tam_tru" in expected
    assert CAUTION not in ask_about_temporary_residence(console_app, "c1", "m1")

    responses.get(FEED_URL, body=FEED, content_type="application/rss+xml")
    database = services_of(console_app).database
    assert FeedImporter(database, [FEED_URL]).import_all() == {FEED_URL: 1}

    flagged = changed(console_app)
    assert set(flagged) == expected
    reply = ask_about_temporary_residence(console_app, "c1", "m2")
    assert f"{CAUTION} Luật Cư trú 2020" in reply and "từ 01/07/2026" in reply
    assert "Gõ “gặp cán bộ” để được cán bộ trả lời." in reply

    reviewer = ConsoleClient(console_app, "reviewer")
    page = reviewer.get("/console/kb/currency").get_data(as_text=True)
    assert "Luật 12/2026/QH15 sửa đổi, bổ sung" in page and "01/07/2026" in page
    (flag,) = flagged["dang_ky_tam_tru"]
    form = {"faq_id": "dang_ky_tam_tru", "flag_key": flag.key}
    assert (
        ConsoleClient(console_app, "lan").post("/console/kb/currency/clear", form).status_code
        == 403
    )
    assert reviewer.post("/console/kb/currency/clear", form, csrf=False).status_code == 400

    assert reviewer.post("/console/kb/currency/clear", form).status_code == 303

    assert set(changed(console_app)) == expected - {"dang_ky_tam_tru"}
    assert CAUTION not in ask_about_temporary_residence(console_app, "c1", "m3")
    (entry,) = console_app.extensions["console"].audit.entries(action="kb_flag_clear")
    assert (entry.actor, entry.target, entry.detail["flag"]) == (
        "reviewer", "faq:dang_ky_tam_tru", flag.key
    )  # fmt: skip


def test_an_officer_records_a_replacing_decree_and_the_dashboard_counts_it(console_app):
    expected = resting_on(console_app, "154/2024/NĐ-CP")
    assert expected
    officer = ConsoleClient(console_app, "thu")
    form = {
        "number": "55/2026/NĐ-CP",
        "title": "Nghị định 55/2026/NĐ-CP quy định chi tiết Luật Cư trú",
        "signed_on": "2026-05-20",
        "in_force_on": "2026-07-01",
        "replaces": "Nghị định số 154/2024/NĐ-CP",
    }
    assert ConsoleClient(console_app, "lan").post("/console/kb/documents", form).status_code == 403

    assert officer.post("/console/kb/documents", form).status_code == 303

    assert set(changed(console_app)) == expected
    (entry,) = console_app.extensions["console"].audit.entries(action="legal_document_record")
    assert entry.actor == "thu" and entry.detail["relations"] == ["replaces 154/2024/NĐ-CP"]
    dashboard = officer.get("/console/").get_data(as_text=True)
    flagged_figure = dashboard.split("Mục cần rà soát (văn bản thay đổi)</span><strong>")[1]
    assert flagged_figure.startswith(f"{len(expected)}<")


def test_a_document_form_with_mistakes_is_shown_again_with_them(console_app):
    officer = ConsoleClient(console_app, "reviewer")
    form = {"number": "nghị định mới", "in_force_on": "2026-02-30", "amends": "luật cư trú"}

    response = officer.post("/console/kb/documents", form)

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Số hiệu “nghị định mới” không đúng dạng" in page
    assert "không phải là ngày có thật" in page and "“luật cư trú” không có số hiệu" in page
    assert changed(console_app) == {}
