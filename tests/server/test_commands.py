"""The officers' commands as Flask CLI commands: on an app's own services, and as
``flask --app app`` loads them, without the server's background work."""

from __future__ import annotations

import threading

import pytest
import sqlite_utils
from click.testing import CliRunner
from flask.cli import FlaskGroup

from server.services import services_of


@pytest.fixture
def flask_command(tmp_path):
    """``flask --app app …`` in this process, on a database file of its own."""
    database = tmp_path / "cli.db"

    def run(*words: str, **environ: str):
        environment = {"DATABASE_PATH": str(database), **environ}
        return CliRunner().invoke(FlaskGroup(), ["--app", "app", *words], env=environment)

    run.database = database
    return run


def test_an_app_runs_the_commands_on_its_own_services(make_app):
    app = make_app()

    added = app.test_cli_runner().invoke(
        args=["broadcasts", "officers", "add", "thu", "--role", "communication_officer"]
    )

    assert added.exit_code == 0, added.output
    assert "Đã lưu cán bộ thu" in added.output
    assert services_of(app).officers.get("thu").username == "thu"


def test_a_command_stores_its_work_and_leaves_no_background_work_running(flask_command):
    """The server's worker, model loader and broadcast scheduler are threads: a command
    that started them would leave them running after it returned."""
    running_before = {thread.ident for thread in threading.enumerate()}

    result = flask_command("broadcasts", "officers", "add", "thu",
                           "--role", "communication_officer")  # fmt: skip

    assert result.exit_code == 0, result.output
    started = [t.name for t in threading.enumerate() if t.ident not in running_before]
    assert started == []
    stored = sqlite_utils.Database(flask_command.database)["officers"].rows
    assert [row["username"] for row in stored] == ["thu"]


def test_invalid_settings_end_a_command_with_their_message_and_status_2(flask_command):
    result = flask_command("console", "users", QUIET_HOURS="tonight")

    assert result.exit_code == 2
    assert "invalid settings" in result.stderr and "QUIET_HOURS" in result.stderr


def test_help_is_the_commands_own_and_needs_no_valid_settings(flask_command):
    result = flask_command("broadcasts", "create", "new-law", "--help", QUIET_HOURS="tonight")

    assert result.exit_code == 0
    assert "flask --app app broadcasts create new-law" in result.output
    assert "--number" in result.output
    assert not flask_command.database.exists()  # help opened nothing
