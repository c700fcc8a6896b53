"""Signing in: hashed passwords, secure session cookies, CSRF on every form, lockout
after repeated failures, sessions that end with logout, deactivation or a new password."""

from server.services import services_of
from tests.console.web_support import PASSWORD, ConsoleClient


def _alert(page: str) -> str:
    return page.split('role="alert">')[1].split("</p>")[0]


def audit_actions(app) -> list[tuple[str, str]]:
    return [(e.actor, e.action) for e in reversed(app.extensions["console"].audit.entries())]


def test_signing_in_opens_the_dashboard_with_a_hardened_cookie(console_app):
    client = ConsoleClient(console_app)
    response = client.login("thu")
    assert response.status_code == 302 and response.headers["Location"].endswith("/console/")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie
    page = client.get("/console/")
    assert page.status_code == 200 and "Tổng quan 30 ngày qua" in page.get_data(as_text=True)
    assert ("thu", "login") in audit_actions(console_app)


def test_passwords_are_stored_hashed(console_app):
    (stored,) = (
        services_of(console_app)
        .database.db.execute("SELECT password_hash FROM console_accounts WHERE username = 'thu'")
        .fetchone()
    )
    assert PASSWORD not in stored and stored.startswith("scrypt:")


def test_unknown_names_wrong_passwords_and_locked_accounts_get_the_same_answer(console_app):
    client = ConsoleClient(console_app)
    wrong = client.login("thu", "sai-mat-khau-1")
    unknown = client.login("khong-co-ai", "sai-mat-khau-1")
    for _ in range(5):
        client.login("minh", "sai-mat-khau-1")
    locked = client.login("minh")
    answers = {_alert(r.get_data(as_text=True)) for r in (wrong, unknown, locked)}
    assert wrong.status_code == unknown.status_code == locked.status_code == 401
    assert len(answers) == 1 and "Sai tên đăng nhập hoặc mật khẩu" in answers.pop()
    assert client.get("/console/").status_code == 302


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(console_app):
    client = ConsoleClient(console_app)
    for _ in range(5):
        client.login("thu", "sai-mat-khau-1")
    locked = client.login("thu")
    assert locked.status_code == 401
    assert client.get("/console/").status_code == 302
    assert ("thu", "login_locked") in audit_actions(console_app)


def test_a_name_that_does_not_exist_is_throttled_like_a_real_one(console_app):
    client = ConsoleClient(console_app)
    for _ in range(5):
        client.login("khong-co-ai", "sai-mat-khau-1")
    client.login("khong-co-ai", "sai-mat-khau-1")
    assert ("khong-co-ai", "login_throttled") in audit_actions(console_app)


def test_one_address_guessing_across_many_accounts_is_stopped(make_console):
    app = make_console(CONSOLE_LOGIN_FAILURES_PER_ADDRESS="6")
    client = ConsoleClient(app)
    names = ["admin", "thu", "minh", "lan", "hoa", "binh"]
    for name in names:
        assert client.login(name, "sai-mat-khau-1").status_code == 401
    refused = client.login("reviewer")  # the right password, from the same address
    assert refused.status_code == 401
    assert ("reviewer", "login_throttled") in audit_actions(app)
    other_address = app.test_client()
    token_page = other_address.get("/console/login").get_data(as_text=True)
    token = token_page.split('name="csrf-token" content="')[1].split('"')[0]
    signed_in = other_address.post(
        "/console/login",
        data={"username": "reviewer", "password": PASSWORD, "csrf_token": token},
        environ_base={"REMOTE_ADDR": "10.0.0.7"},
    )
    assert signed_in.status_code == 302


def test_an_administrator_unlocks_a_locked_account(console_app, as_officer):
    for _ in range(5):
        ConsoleClient(console_app).login("thu", "sai-mat-khau-1")
    as_officer("admin").post("/console/users/thu/unlock")
    assert ConsoleClient(console_app).login("thu").status_code == 302


def test_a_form_without_its_csrf_token_is_refused(console_app):
    client = ConsoleClient(console_app)
    response = client.post("/console/login", {"username": "thu", "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)
    signed_in = ConsoleClient(console_app, "thu")
    refused = signed_in.post("/console/logout", csrf=False)
    assert refused.status_code == 400
    assert signed_in.get("/console/").status_code == 200  # still signed in


def test_a_token_from_another_session_is_refused(console_app):
    mine = ConsoleClient(console_app, "thu")
    theirs = ConsoleClient(console_app, "minh")
    response = mine.http.post("/console/logout", data={"csrf_token": theirs.token()})
    assert response.status_code == 400


def test_logging_out_ends_the_session(console_app):
    client = ConsoleClient(console_app, "thu")
    assert client.post("/console/logout").status_code == 302
    assert client.get("/console/").status_code == 302
    assert ("thu", "logout") in audit_actions(console_app)


def test_a_cookie_saved_before_logout_no_longer_opens_any_page(console_app):
    admin = ConsoleClient(console_app, "admin")
    saved = admin.http.get_cookie("session").value
    assert admin.post("/console/logout").status_code == 302
    replay = console_app.test_client()
    replay.set_cookie("session", saved)
    assert replay.get("/console/users").status_code == 302
    assert replay.get("/console/").status_code == 302


def test_another_session_of_the_same_officer_survives_a_logout(console_app):
    office = ConsoleClient(console_app, "thu")
    phone = ConsoleClient(console_app, "thu")
    phone.post("/console/logout")
    assert office.get("/console/").status_code == 200


def test_a_stolen_cookie_stops_working_after_a_password_change(console_app):
    client = ConsoleClient(console_app, "thu")
    console_app.extensions["console"].accounts.set_password("thu", "mat-khau-moi-2026")
    assert client.get("/console/").status_code == 302


def test_a_deactivated_account_is_signed_out_and_cannot_sign_in(console_app, as_officer):
    client = ConsoleClient(console_app, "lan")
    as_officer("admin").post("/console/users/lan/deactivate")
    assert client.get("/console/questions").status_code == 302
    refused = ConsoleClient(console_app).login("lan")
    assert refused.status_code == 401 and "vô hiệu hóa" in refused.get_data(as_text=True)


def test_signing_in_never_redirects_to_another_site(console_app):
    client = ConsoleClient(console_app)
    response = client.post(
        "/console/login",
        {"username": "thu", "password": PASSWORD, "next": "//evil.example/console"},
    )
    assert response.headers["Location"].endswith("/console/")
    response = ConsoleClient(console_app).post(
        "/console/login", {"username": "thu", "password": PASSWORD, "next": "/console/questions"}
    )
    assert response.headers["Location"].endswith("/console/questions")


def test_pages_forbid_framing_and_outside_scripts(console_app):
    response = ConsoleClient(console_app).get("/console/login")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def test_weak_passwords_are_refused(console_app, as_officer):
    admin = as_officer("admin")
    response = admin.post(
        "/console/users",
        {"username": "moi", "password": "12345678901", "role": "communication_officer"},
        follow_redirects=True,
    )
    assert "cần có cả chữ và số" in response.get_data(as_text=True)
    assert console_app.extensions["console"].accounts.find("moi") is None


def test_an_officer_changes_their_own_password_and_other_sessions_end(console_app):
    laptop = ConsoleClient(console_app, "lan")
    phone = ConsoleClient(console_app, "lan")
    form = {"current": PASSWORD, "new": "mat-khau-moi-2027", "again": "mat-khau-moi-2027"}
    assert laptop.post("/console/account", form).status_code == 302
    assert laptop.get("/console/questions").status_code == 200  # this session goes on
    assert phone.get("/console/questions").status_code == 302  # the other one ended
    assert ConsoleClient(console_app).login("lan", "mat-khau-moi-2027").status_code == 302
    assert ("lan", "password_change") in audit_actions(console_app)


def test_changing_a_password_needs_the_current_one_and_a_strong_new_one(console_app):
    client = ConsoleClient(console_app, "lan")
    for form, reason in (
        ({"current": "sai-mat-khau-1", "new": "mat-khau-moi-2027", "again": "mat-khau-moi-2027"},
         "Mật khẩu hiện tại không đúng."),
        ({"current": PASSWORD, "new": "mat-khau-moi-2027", "again": "khac-hẳn-2027"},
         "không khớp"),
        ({"current": PASSWORD, "new": "ngan", "again": "ngan"}, "ít nhất 10 ký tự"),
    ):  # fmt: skip
        response = client.post("/console/account", form)
        assert response.status_code == 400 and reason in response.get_data(as_text=True)
    assert ConsoleClient(console_app).login("lan").status_code == 302


def test_an_administrator_creates_a_commune_official_on_the_accounts_page(console_app, as_officer):
    response = as_officer("admin").post(
        "/console/users",
        {
            "username": "tuan",
            "password": "mat-khau-2026",
            "role": "commune_official",
            "display_name": "Lê Tuấn, UBND phường Ba Đình",
            "communes": "00004",
            "fields": ["ho_tich", "dat_dai"],
        },  # fmt: skip
    )
    assert response.status_code == 302
    account = console_app.extensions["console"].accounts.get("tuan")
    assert account.officer.communes == frozenset({"00004"})
    assert set(account.fields) == {"ho_tich", "dat_dai"}
    assert ConsoleClient(console_app).login("tuan").status_code == 302


def test_a_post_from_another_origin_is_refused_even_with_a_valid_token(console_app):
    client = ConsoleClient(console_app, "thu")
    token = client.token()
    foreign = client.http.post(
        "/console/logout", data={"csrf_token": token}, headers={"Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    referred = client.http.post(
        "/console/logout",
        data={"csrf_token": token},
        headers={"Referer": "https://evil.example/console/"},
    )
    assert referred.status_code == 403
    assert client.get("/console/").status_code == 200  # still signed in
    own = client.http.post(
        "/console/logout", data={"csrf_token": token}, headers={"Origin": "http://localhost"}
    )
    assert own.status_code == 302
