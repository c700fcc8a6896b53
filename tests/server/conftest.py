"""Server fixtures: settings on a temporary database and an assistant with a scripted
parser, so the message path is tested without loading the model (the model tests and
``test_end_to_end.py`` cover the real one)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from server.services import services_of
from server.settings import Settings
from tests.server.support import BASE_ENV, ScriptedParser, assistant_factory


@pytest.fixture
def parser() -> ScriptedParser:
    return ScriptedParser()


@pytest.fixture
def make_settings(tmp_path):
    def make(**environ: str) -> Settings:
        return Settings.from_environ(
            {"DATABASE_PATH": str(tmp_path / "test.db"), **BASE_ENV, **environ}
        )

    return make


@pytest.fixture
def make_app(make_settings, parser):
    """An app with the worker stopped and the assistant loaded: tests drive the worker,
    and with ``clock`` (``tests.timing.Clock``) move the replies' time themselves."""
    apps = []

    def make(
        start_background: bool = False, clock: Callable[[], float] = time.time, **environ: str
    ):
        from app import create_app

        app = create_app(
            make_settings(**environ), assistant_factory(parser), start_background, clock
        )
        if not start_background:
            services_of(app).holder.load()
        apps.append(app)
        return app

    yield make
    for app in apps:
        services_of(app).worker.stop(timeout=2)
