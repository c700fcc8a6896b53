"""Feed import with recorded feed XML and ``responses``."""

import pytest
import requests
import responses

from broadcasts.feeds import FeedImporter, MalformedFeed, issuing_body_of, parse_feed
from broadcasts.legal_register import LegalRegister
from broadcasts.model import Status
from kernel.identity import Officer, Role
from kernel.rules import RuleViolation
from tests.broadcasts.support import APPROVER, Province

RSS_URL = "https://vbpl.test/rss/van-ban-moi.rss"
ATOM_URL = "https://congbao.test/atom.xml"
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Văn bản mới</title>
<item>
  <title>Luật số 74/2025/QH15 Luật Việc làm</title>
  <link>https://vbpl.test/van-ban/74-2025-qh15</link>
  <pubDate>Mon, 16 Jun 2025 08:00:00 +0700</pubDate>
  <description>Quốc hội thông qua Luật Việc làm.</description>
</item>
<item>
  <title>Nghị định 282/2025/NĐ-CP quy định xử phạt vi phạm hành chính về an ninh trật tự</title>
  <link>https://vbpl.test/van-ban/282-2025-nd-cp</link>
  <pubDate>Thu, 30 Oct 2025 08:00:00 +0700</pubDate>
</item>
</channel></rss>""".encode()
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Công báo</title>
<entry>
  <title>Nghị định số 282/2025/NĐ-CP</title>
  <link href="https://congbao.test/282-2025"/>
  <updated>2025-10-30T08:00:00+07:00</updated>
</entry>
<entry>
  <title>Thông tư 02/2026/TT-BTP hướng dẫn hộ tịch</title>
  <link href="https://congbao.test/02-2026-tt-btp"/>
  <updated>2026-01-15T08:00:00+07:00</updated>
</entry>
</feed>""".encode()
MALFORMED = b"<?xml version='1.0'?><rss><channel><item><title>Lu\xe1\xba\xadt"


@pytest.fixture
def province(tmp_path):
    return Province(tmp_path / "feeds.db")


def drafts(province):
    return sorted(province.store.list(Status.DRAFT), key=lambda b: b.id)


def test_rss_and_atom_entries_are_parsed_with_number_issuer_and_date():
    rss = parse_feed(RSS)
    assert [(e.document_number, e.issuing_body) for e in rss] == [
        ("74/2025/QH15", "Quốc hội"),
        ("282/2025/NĐ-CP", "Chính phủ"),
    ]
    assert str(rss[0].issue_date) == "2025-06-16"
    atom = parse_feed(ATOM)
    assert [e.document_number for e in atom] == ["282/2025/NĐ-CP", "02/2026/TT-BTP"]
    assert atom[1].link == "https://congbao.test/02-2026-tt-btp"
    assert issuing_body_of("1234/QĐ-TTg") == "Thủ tướng Chính phủ"
    assert issuing_body_of("02/2026/TT-BTP") is None  # a ministry: the officer fills it in


def test_malformed_xml_is_refused_with_a_reason():
    with pytest.raises(MalformedFeed):
        parse_feed(MALFORMED)
    with pytest.raises(MalformedFeed):
        parse_feed("<html><body>Trang bảo trì</body></html>".encode())


@responses.activate
def test_new_documents_become_drafts_once_across_feeds_and_polls(province):
    responses.get(RSS_URL, body=RSS, content_type="application/rss+xml")
    responses.get(ATOM_URL, body=ATOM, content_type="application/atom+xml")
    importer = FeedImporter(province.database, [RSS_URL, ATOM_URL])

    assert importer.import_all() == {RSS_URL: 2, ATOM_URL: 1}  # 282/2025 is in both
    assert importer.import_all() == {RSS_URL: 0, ATOM_URL: 0}

    created = drafts(province)
    assert [b.document_number for b in created] == ["74/2025/QH15", "282/2025/NĐ-CP",
                                                     "02/2026/TT-BTP"]  # fmt: skip
    assert created[0].author == "feed:vbpl.test" and created[0].body == ""
    assert created[0].link == "https://vbpl.test/van-ban/74-2025-qh15"


@responses.activate
def test_a_draft_without_the_officers_summary_cannot_be_approved(province):
    responses.get(RSS_URL, body=RSS)
    FeedImporter(province.database, [RSS_URL]).import_all()
    draft = drafts(province)[0]

    with pytest.raises(RuleViolation, match="tóm tắt"):
        province.store.move(draft.id, Status.APPROVED, APPROVER)

    province.store.update_draft(
        draft.id, APPROVER, body="Từ 1/1/2026, người lao động có hợp đồng từ 1 tháng tham gia BHTN."
    )
    assert province.store.get(draft.id).body.startswith("Từ 1/1/2026")
    other = Officer("lan.pham", Role.COMMUNICATION_OFFICER)
    assert province.store.move(draft.id, Status.APPROVED, other).status is Status.APPROVED


@responses.activate
def test_malformed_and_unreachable_feeds_are_recorded_and_do_not_stop_the_others(province):
    responses.get(RSS_URL, body=MALFORMED)
    responses.get(ATOM_URL, body=requests.ConnectionError("down"))
    good = "https://good.test/rss"
    responses.get(good, body=RSS)
    importer = FeedImporter(province.database, [RSS_URL, ATOM_URL, good])

    results = importer.import_all()

    assert "MalformedFeed" in results[RSS_URL] and "ConnectionError" in results[ATOM_URL]
    assert results[good] == 2
    status = {row["feed_url"]: row for row in province.database.db["feed_status"].rows}
    assert status[RSS_URL]["failures"] == 1 and status[ATOM_URL]["failures"] == 1
    assert status[good]["last_success_at"] is not None

    responses.replace(responses.GET, RSS_URL, body=RSS)
    importer.import_all()  # the next poll retries; the recovered feed's failures reset
    status = {row["feed_url"]: row for row in province.database.db["feed_status"].rows}
    assert status[RSS_URL]["failures"] == 0
    assert len(drafts(province)) == 2  # the same two documents, not again


@responses.activate
def test_a_server_error_is_recorded_as_a_failure(province):
    responses.get(RSS_URL, status=503)
    results = FeedImporter(province.database, [RSS_URL]).import_all()
    assert "HTTPError" in results[RSS_URL]


AMENDING_URL = "https://vbpl.test/rss/sua-doi.rss"
AMENDING = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Văn bản mới</title>
<item>
  <title>Nghị định số 12/2026/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số 168/2024/NĐ-CP</title>
  <link>https://vbpl.test/van-ban/12-2026-nd-cp</link>
  <pubDate>Fri, 15 May 2026 08:00:00 +0700</pubDate>
  <description>Bãi bỏ Thông tư số 01/2022/TT-BCA. Nghị định có hiệu lực từ 01/7/2026.</description>
</item>
</channel></rss>""".encode()


def test_an_entry_that_amends_or_repeals_names_its_targets_and_in_force_date():
    (entry,) = parse_feed(AMENDING)

    assert entry.document_number == "12/2026/NĐ-CP"
    assert [(r.kind.value, r.target_number) for r in entry.relations] == [
        ("amends", "168/2024/NĐ-CP"),
        ("repeals", "01/2022/TT-BCA"),
    ]
    assert str(entry.in_force) == "2026-07-01"


@responses.activate
def test_imported_relations_are_recorded_in_the_legal_register_once(province):
    responses.get(AMENDING_URL, body=AMENDING)
    importer = FeedImporter(province.database, [AMENDING_URL])
    importer.import_all()
    importer.import_all()

    changes = LegalRegister(province.database).changes()
    assert [
        (c.document_number, c.kind.value, c.target_number, str(c.in_force)) for c in changes
    ] == [
        ("12/2026/NĐ-CP", "amends", "168/2024/NĐ-CP", "2026-07-01"),
        ("12/2026/NĐ-CP", "repeals", "01/2022/TT-BCA", "2026-07-01"),
    ]
    (document,) = LegalRegister(province.database).documents()
    assert (document.issuer, str(document.signed_on), document.recorded_by) == (
        "Chính phủ", "2026-05-15", "feed:vbpl.test"
    )  # fmt: skip
