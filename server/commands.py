"""The officers' command lines as Flask CLI commands, which app.py registers on every app:
``flask --app app broadcasts …`` and ``flask --app app console …``.

Each hands the words after its name, ``--help`` included, to its package's own parser
(``broadcasts.cli``, ``console.cli``). That keeps their syntax whole: options such as
``--communes A B`` or ``--audiences workers farmers`` take several values, which click
options cannot. Settings found invalid, when the command reads them or when a piece built
from them needs them, end the command with their own message and status 2, as they stop
the server at boot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import click

from broadcasts import cli as broadcasts_cli
from console import cli as console_cli
from server.services import Services
from server.settings import SettingsError

CommandLine = Callable[[Sequence[str], Callable[[], Services]], int]

# Nothing is parsed by click: unknown options are words for the package's parser.
_PASSED_ON = {"ignore_unknown_options": True}


def officer_commands(services: Callable[[], Services]) -> list[click.Command]:
    """``services`` is called by a command once its words parse, so ``--help`` needs no
    valid settings."""
    return [
        _command("broadcasts", broadcasts_cli.SUMMARY, broadcasts_cli.run, services),
        _command("console", console_cli.SUMMARY, console_cli.run, services),
    ]


def _command(
    name: str, summary: str, command_line: CommandLine, services: Callable[[], Services]
) -> click.Command:
    @click.command(name, help=summary, context_settings=_PASSED_ON, add_help_option=False)
    @click.argument("words", nargs=-1, type=click.UNPROCESSED)
    @click.pass_context
    def command(context: click.Context, words: tuple[str, ...]) -> None:
        try:
            status = command_line(words, services)
        except SettingsError as error:
            click.echo(error, err=True)
            status = 2
        context.exit(status)

    return command
