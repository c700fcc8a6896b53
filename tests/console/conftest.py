"""Console web fixtures: the real app (scripted assistant, no model) on a temporary
database and a copy of the knowledge base, with one account per role."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable

import pytest

from bot.project_paths import ProjectPaths
from server.services import services_of
from server.settings import Settings
from tests.console.web_support import ConsoleClient
from tests.server.support import BASE_ENV, ScriptedParser, assistant_factory


@pytest.fixture
def kb_copy(tmp_path):
    copy = tmp_path / "kb"
    shutil.copytree(ProjectPaths().kb_dir, copy)
    return copy


@pytest.fixture(scope="session")
def accounts_database(tmp_path_factory):
    """A database holding one account per role, made once: hashing passwords with scrypt
    is slow on purpose, and each test starts from a copy of this file."""
    from console.accounts import AccountStore
    from server.services import open_database
    from tests.console.web_support import ACCOUNTS, PASSWORD

    path = tmp_path_factory.mktemp("accounts") / "accounts.db"
    database = open_database(Settings.from_environ({"DATABASE_PATH": str(path)}))
    for username, (role, communes) in ACCOUNTS.items():
        AccountStore(database).create(
            username, PASSWORD, role, communes, f"Cán bộ {username.title()}"
        )
    database.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def make_console(tmp_path, kb_copy, accounts_database):
    apps = []

    def make(
        start_background: bool = False, clock: Callable[[], float] = time.time, **environ: str
    ):
        from app import create_app

        shutil.copyfile(accounts_database, tmp_path / "console.db")
        settings = Settings.from_environ(
            {
                "DATABASE_PATH": str(tmp_path / "console.db"),
                "KB_DIR": str(kb_copy),
                # No quiet hours: tests send at any time of day.
                "QUIET_HOURS": "00:00-00:00",
                **BASE_ENV,
                **environ,
            }
        )
        app = create_app(settings, assistant_factory(ScriptedParser()), start_background, clock)
        if not start_background:
            services_of(app).holder.load()
        apps.append(app)
        return app

    yield make
    for app in apps:
        services_of(app).worker.stop(timeout=2)


@pytest.fixture
def console_app(make_console):
    return make_console()


@pytest.fixture
def as_officer(console_app):
    """``as_officer("lan")``: a client signed in as that account."""
    return lambda username: ConsoleClient(console_app, username)
