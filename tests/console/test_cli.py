"""``flask --app app console``: the first administrator is created from the command line."""

import subprocess

from tests.commands import FLASK_APP
from tests.console.web_support import ConsoleClient


def run(tmp_path, *arguments: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [*FLASK_APP, "console", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={"DATABASE_PATH": str(tmp_path / "console.db"), "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_create_user_then_sign_in(make_console, tmp_path):
    app = make_console()  # its database is tmp_path / "console.db"
    made = run(tmp_path, "create-user", "quan.tri", "--role", "administrator",
               "--name", "Nguyễn Văn Quân, Sở Tư pháp", "--password-stdin",
               stdin="mat-khau-rat-dai-1\n")  # fmt: skip
    assert made.returncode == 0, made.stderr
    listed = run(tmp_path, "users")
    assert "quan.tri\tadministrator" in listed.stdout
    client = ConsoleClient(app)
    assert client.login("quan.tri", "mat-khau-rat-dai-1").status_code == 302
    assert "Nguyễn Văn Quân, Sở Tư pháp" in client.get("/console/").get_data(as_text=True)


def test_commune_officials_are_created_with_communes_by_name(make_console, tmp_path):
    app = make_console()
    made = run(tmp_path, "create-user", "can.bo.xa", "--role", "commune_official",
               "--communes", "phuong hoan kiem", "--password-stdin",
               stdin="mat-khau-rat-dai-1\n")  # fmt: skip
    assert made.returncode == 0, made.stderr
    account = app.extensions["console"].accounts.get("can.bo.xa")
    assert account.officer.communes == frozenset({"00070"})
    assert ConsoleClient(app).login("can.bo.xa", "mat-khau-rat-dai-1").status_code == 302


def test_a_weak_password_or_unknown_commune_is_refused_with_a_reason(make_console, tmp_path):
    make_console()
    weak = run(tmp_path, "create-user", "a", "--role", "administrator", "--password-stdin",
               stdin="ngan\n")  # fmt: skip
    assert weak.returncode == 2 and "ít nhất 10 ký tự" in weak.stderr
    unknown = run(tmp_path, "create-user", "b", "--role", "commune_official",
                  "--communes", "Phường Không Có", "--password-stdin",
                  stdin="mat-khau-rat-dai-1\n")  # fmt: skip
    assert unknown.returncode == 2 and "không có xã, phường" in unknown.stderr


def test_unlock_from_the_command_line(make_console, tmp_path):
    app = make_console()
    for _ in range(5):
        ConsoleClient(app).login("thu", "sai-mat-khau-1")
    assert run(tmp_path, "unlock", "thu").returncode == 0
    assert ConsoleClient(app).login("thu").status_code == 302
