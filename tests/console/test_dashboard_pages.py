"""The dashboard and reports pages: figures from the real message path, CSV downloads,
the yearly summary, and commune officials seeing only their communes."""

import csv
import datetime as dt
import io

from bot.messages import IncomingMessage, MessageKind
from bot.payloads import feedback_payload
from broadcasts.routing import VIETNAM
from server.services import services_of
from tests.console.web_support import BA_DINH, HOAN_KIEM, ConsoleClient


def chat(app, user_id: str, commune: str) -> None:
    """A subscribed simulator citizen asks one FAQ and rates the answer helpful."""
    services_of(app).subscriptions.subscribe("simulator", user_id, commune, ("general_public",))
    services_of(app).inbox.accept(
        [
            IncomingMessage(
                "simulator", user_id, MessageKind.TEXT, "tam tru", None, f"{user_id}-1"
            ),
            IncomingMessage(
                "simulator",
                user_id,
                MessageKind.CHOICE,
                "Hữu ích",
                feedback_payload(True, "dang_ky_tam_tru"),
                f"{user_id}-2",
            ),
            IncomingMessage(
                "simulator", user_id, MessageKind.TEXT, "hỏi linh tinh", None, f"{user_id}-3"
            ),
        ]  # fmt: skip
    )
    services_of(app).worker.process_due()


def csv_rows(response) -> list[list[str]]:
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Vietnamese right
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_dashboard_counts_users_answers_and_satisfaction(console_app):
    chat(console_app, "u1", HOAN_KIEM)
    chat(console_app, "u2", BA_DINH)
    page = ConsoleClient(console_app, "thu").get("/console/").get_data(as_text=True)
    assert "<svg" in page and "Chưa có dữ liệu" not in page.split("Chủ đề")[0]
    figures = page.split('class="figures"')[1].split("</div>\n</div>")[0]
    assert "<span>Người dùng</span><strong>2</strong>" in figures
    assert "<span>Hài lòng (mục tiêu 90 %)</span><strong>100,0 %</strong>" in figures
    assert "hỏi linh tinh" in page  # the top unanswered question


def test_a_commune_official_sees_only_their_communes_figures(console_app):
    chat(console_app, "u1", HOAN_KIEM)
    chat(console_app, "u2", BA_DINH)
    page = ConsoleClient(console_app, "binh").get("/console/").get_data(as_text=True)
    assert "<span>Người dùng</span><strong>1</strong>" in page
    rows = csv_rows(
        ConsoleClient(console_app, "binh").get("/console/reports/subscribers-commune.csv")
    )
    assert [row[0] for row in rows[1:]] == [BA_DINH]


def test_every_report_table_downloads_as_csv_with_its_header(console_app):
    chat(console_app, "u1", HOAN_KIEM)
    client = ConsoleClient(console_app, "thu")
    page = client.get("/console/reports?granularity=month").get_data(as_text=True)
    links = sorted(set(part.split('"')[0] for part in page.split('href="')[1:] if ".csv" in part))
    assert len(links) == 12
    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200 and response.mimetype == "text/csv", link
        assert "attachment" in response.headers["Content-Disposition"]
        assert len(csv_rows(response)[0]) >= 2
    month = dt.datetime.now(VIETNAM).strftime("%m/%Y")
    activity = csv_rows(client.get("/console/reports/activity-month.csv?granularity=month"))
    assert [month, "Chat thử"] == activity[1][:2]
    assert client.get("/console/reports/nothing.csv").status_code == 404


def test_the_yearly_summary_shows_the_year_and_exports_its_tables(console_app):
    chat(console_app, "u1", HOAN_KIEM)
    year = dt.datetime.now(VIETNAM).year
    client = ConsoleClient(console_app, "admin")
    page = client.get(f"/console/reports/year/{year}").get_data(as_text=True)
    assert f"Báo cáo năm {year}" in page and "Quyết định 766/QĐ-TTg" in page
    keys = [part.split(".csv")[0] for part in page.split(f"/console/reports/year/{year}/")[1:]]
    assert keys
    for key in keys:
        assert client.get(f"/console/reports/year/{year}/{key}.csv").status_code == 200
    exports = [e for e in console_app.extensions["console"].audit.entries(actor="admin")
               if e.action == "report_export"]  # fmt: skip
    assert len(exports) == len(keys)
