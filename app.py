"""The Flask app: ``create_app()`` mounts the services (``server.services``) on Flask.

Served by gunicorn (``gunicorn 'app:create_app()'``, see gunicorn.conf.py) in one process
with threads: the worker that answers stored messages runs inside it. The officers'
commands are Flask CLI commands of the same app (``flask --app app broadcasts …``,
``flask --app app console …``, see ``server.commands``).
"""

from __future__ import annotations

import atexit
import logging
import time
from collections.abc import Callable

import click
from dotenv import load_dotenv
from flask import Flask
from flask.cli import FlaskGroup

from console.web import init_console
from server.background import start_background_work
from server.commands import officer_commands
from server.health import health_blueprint
from server.home import home_blueprint
from server.services import EXTENSION, AssistantFactory, Services, build_services
from server.settings import Settings

logger = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    assistant_factory: AssistantFactory | None = None,
    start_background: bool = True,
    clock: Callable[[], float] = time.time,
) -> Flask:
    """``start_background=False`` leaves the worker, loader and scheduler stopped, for
    tests that drive them step by step (``server.services.services_of(app)``); ``clock``
    lets such tests move the replies' time through retries instead of waiting.

    Loaded by ``flask --app app`` to find one of its commands, it returns the commands
    alone (``_command_line_app``)."""
    if settings is None:
        load_dotenv()
        if _loaded_for_a_command():
            return _command_line_app()
        settings = Settings.from_environ()
    _configure_logging()
    services = build_services(settings, assistant_factory, clock)
    # Built at boot, so a bad setting (an unknown province, say) fails now.
    services.worker  # noqa: B018

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.extensions[EXTENSION] = services
    for blueprint in services.channels.blueprints:
        app.register_blueprint(blueprint)
    app.register_blueprint(home_blueprint(settings.simulator_enabled))
    app.register_blueprint(
        health_blueprint(services.holder, services.database, settings.enabled_channels)
    )
    init_console(app, services.console, services.console_config)
    _add_officer_commands(app, lambda: services)

    if start_background:
        atexit.register(start_background_work(services))
    logger.info("channels enabled: %s", ", ".join(settings.enabled_channels) or "none")
    if not settings.simulator_enabled and (settings.facebook or settings.zalo):
        logger.info(
            "the /simulator chat is off because a platform is configured "
            "(SIMULATOR_ENABLED=true turns it on; never on a public server)"
        )
    return app


def _loaded_for_a_command() -> bool:
    """Whether the ``flask`` command line is loading the app to look up one of the app's
    commands (``flask --app app broadcasts …``). ``flask run`` loads it from its own
    command instead, and so gets the whole server."""
    context = click.get_current_context(silent=True)
    return context is not None and isinstance(context.command, FlaskGroup)


def _command_line_app() -> Flask:
    """The app of ``flask --app app <command>``: the commands, with services built from the
    environment when a command runs. No worker, model loader or broadcast scheduler
    starts: a command runs alone and ends, sends only what it is asked to, and needs no
    trained model; and a command such as ``broadcasts communes load``, which repairs what
    the server would refuse at boot, still runs."""
    app = Flask(__name__)
    _add_officer_commands(app, lambda: build_services(Settings.from_environ()))
    return app


def _add_officer_commands(app: Flask, services: Callable[[], Services]) -> None:
    for command in officer_commands(services):
        app.cli.add_command(command)


def _configure_logging() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # APScheduler logs every run of the 5-second broadcast poll at INFO; its warnings
    # (missed jobs) and errors still show.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
