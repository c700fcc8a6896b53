"""The administrators' pages: a new account starts on the least privileged role, the
administrator role needs a deliberate confirmation, and the audit log reads in
Vietnamese while its CSV keeps the stored codes."""

import csv
import io
import re

from tests.console.web_support import ConsoleClient

NEW_ADMIN = {"username": "quantri2", "password": "mat-khau-2026", "role": "administrator"}


def selected_role(page: str) -> str:
    select = re.search(r'<select name="role">(.*?)</select>', page, re.S).group(1)
    return re.search(r'<option value="([a-z_]+)" selected', select).group(1)


def test_the_new_account_form_starts_on_the_commune_official_role(as_officer):
    page = as_officer("admin").get("/console/users").get_data(as_text=True)
    assert selected_role(page) == "commune_official"


def test_an_administrator_is_not_created_without_the_confirmation(console_app, as_officer):
    response = as_officer("admin").post("/console/users", NEW_ADMIN, follow_redirects=True)
    assert "đánh dấu ô xác nhận" in response.get_data(as_text=True)
    assert console_app.extensions["console"].accounts.find("quantri2") is None


def test_an_administrator_is_created_with_the_confirmation(console_app, as_officer):
    as_officer("admin").post("/console/users", {**NEW_ADMIN, "confirm_administrator": "yes"})
    created = console_app.extensions["console"].accounts.find("quantri2")
    assert created is not None and created.officer.role.value == "administrator"


def test_the_audit_log_shows_actions_and_details_in_vietnamese(console_app, as_officer):
    ConsoleClient(console_app).login("thu", "sai-mat-khau-1")
    admin = as_officer("admin")
    admin.post(
        "/console/users",
        {"username": "tuan", "password": "mat-khau-2026", "role": "commune_official",
         "communes": "00070"},
    )  # fmt: skip
    page = admin.get("/console/audit").get_data(as_text=True)
    table = page[page.index("<table>") :]
    assert "Đăng nhập sai tên hoặc mật khẩu" in table and "login_wrong" not in table
    assert "Tạo tài khoản" in table and "user_create" not in table
    assert "vai trò: Cán bộ xã, phường; xã, phường: Phường Hoàn Kiếm" in table
    assert '<option value="login_wrong" >Đăng nhập sai tên hoặc mật khẩu</option>' in page


def test_a_yes_or_no_detail_reads_co_or_khong():
    from console.audit_labels import detail_text

    assert detail_text({"ignore_quiet_hours": False}, {}) == "gửi cả trong giờ yên tĩnh: không"


def test_the_audit_csv_keeps_the_codes_and_follows_the_filter(console_app, as_officer):
    ConsoleClient(console_app).login("thu", "sai-mat-khau-1")
    admin = as_officer("admin")
    response = admin.get("/console/audit.csv?action=login_wrong")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["time", "actor", "action", "target", "detail", "remote_addr"]
    assert [(row[1], row[2]) for row in rows[1:]] == [("thu", "login_wrong")]
