"""An administrator enters residents per commune; the yearly report then shows reach by
urban and rural area against the plans' targets."""

import datetime as dt

from broadcasts.routing import VIETNAM
from tests.console.test_dashboard_pages import chat
from tests.console.web_support import BA_DINH, HOAN_KIEM


def test_entered_populations_give_the_yearly_reach_by_area(console_app, as_officer):
    chat(console_app, "u1", HOAN_KIEM)
    chat(console_app, "u2", BA_DINH)
    admin = as_officer("admin")
    page = admin.get("/console/population").get_data(as_text=True)
    assert "Phường Hoàn Kiếm" in page and "Thành thị (phường)" in page
    saved = admin.post(
        "/console/population",
        {f"population-{HOAN_KIEM}": "4", f"population-{BA_DINH}": "1.000"},
        follow_redirects=True,
    )
    assert "Đã lưu dân số (2 xã, phường thay đổi)." in saved.get_data(as_text=True)
    assert console_app.extensions["console"].population().all() == {HOAN_KIEM: 4, BA_DINH: 1000}
    year = dt.datetime.now(VIETNAM).year
    report = admin.get(f"/console/reports/year/{year}").get_data(as_text=True)
    section = report[report.index("Người dùng theo khu vực") :]
    # Two users of 1,004 residents in the two wards with a figure: 0,2 %, target 80 %.
    assert "<td>Thành thị (phường)</td>" in section
    assert "0,2 %" in section and "80,0 %" in section and "Chưa đạt" in section
    csv = admin.get(f"/console/reports/year/{year}/reach-area.csv")
    assert csv.status_code == 200 and "Nông thôn (xã)" in csv.get_data(as_text=True)


def test_a_wrong_figure_is_refused_and_nothing_is_saved(console_app, as_officer):
    response = as_officer("admin").post(
        "/console/population",
        {f"population-{HOAN_KIEM}": "4", f"population-{BA_DINH}": "nhiều"},
    )
    assert response.status_code == 400
    assert "không phải số dân hợp lệ" in response.get_data(as_text=True)
    assert console_app.extensions["console"].population().all() == {}
