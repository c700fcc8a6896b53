"""``flask --app app console``: accounts of the officers' web console.

The composition root (app.py) registers it and hands it its services: the same settings
(``.env``) and database as the server's. The first administrator is created here; later
accounts can be created here or on the console's "Tài khoản" page.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence
from typing import Protocol

from broadcasts.communes import Commune, CommuneFileError, resolve_commune_codes
from console.accounts import AccountError, AccountStore
from console.audit import AuditLog
from kernel.identity import ROLE_LABELS, Role

CLI_ACTOR = "cli"
PROG = "flask --app app console"
SUMMARY = "Accounts of the officers' web console: create, list, unlock, (de)activate."


class AccountServices(Protocol):
    """What the command needs of the composition root's services (``server.services``),
    named here so that the console never imports the server."""

    @property
    def communes(self) -> list[Commune]: ...

    @property
    def accounts(self) -> AccountStore: ...

    @property
    def audit(self) -> AuditLog: ...


def run(argv: Sequence[str], services: Callable[[], AccountServices]) -> int:
    """Runs one command and returns the exit status. ``services`` is called only once the
    words parse, so ``--help`` needs no valid settings; errors of the settings themselves
    are the caller's to report."""
    arguments = _parser().parse_args(argv)
    try:
        return arguments.run(arguments, services())
    except (AccountError, LookupError, ValueError, CommuneFileError) as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2


def _password(arguments) -> str:
    if arguments.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Mật khẩu (ít nhất 10 ký tự, có chữ và số): ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise AccountError("Hai lần nhập mật khẩu không khớp.")
    return first


def _create_user(arguments, services: AccountServices) -> int:
    role = Role(arguments.role)
    communes = frozenset()
    if arguments.communes:
        communes = resolve_commune_codes(services.communes, arguments.communes)
    account = services.accounts.create(
        arguments.username, _password(arguments), role, communes, arguments.name or "",
        tuple(arguments.fields or ()),
    )  # fmt: skip
    services.audit.record(CLI_ACTOR, "user_create", account.username,
                 {"role": role.value, "communes": sorted(communes)})  # fmt: skip
    print(f"Đã tạo tài khoản {account.username} ({ROLE_LABELS[role]}). "
          "Đăng nhập tại /console/login.")  # fmt: skip
    return 0


def _list_users(arguments, services: AccountServices) -> int:
    for account in services.accounts.all():
        state = "hoạt động" if account.active else "vô hiệu"
        if account.locked_until:
            state += ", tạm khóa"
        print(f"{account.username}\t{account.officer.role.value}\t"
              f"{','.join(sorted(account.officer.communes))}\t{state}\t{account.display_name}")  # fmt: skip
    return 0


def _set_password(arguments, services: AccountServices) -> int:
    services.accounts.set_password(arguments.username, _password(arguments))
    services.audit.record(CLI_ACTOR, "user_password", arguments.username)
    print(f"Đã đặt mật khẩu mới cho {arguments.username}; các phiên đăng nhập cũ hết hiệu lực.")
    return 0


def _unlock(arguments, services: AccountServices) -> int:
    services.accounts.unlock(arguments.username)
    services.audit.record(CLI_ACTOR, "user_unlock", arguments.username)
    print(f"Đã mở khóa {arguments.username}.")
    return 0


def _set_active(active: bool):
    def run(arguments, services: AccountServices) -> int:
        services.accounts.set_active(arguments.username, active)
        services.audit.record(CLI_ACTOR, "user_activate" if active else "user_deactivate",
                     arguments.username)  # fmt: skip
        print(f"Đã {'kích hoạt' if active else 'vô hiệu hóa'} {arguments.username}.")
        return 0

    return run


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    create = commands.add_parser("create-user", help="create a console account")
    create.set_defaults(run=_create_user)
    create.add_argument("username")
    create.add_argument("--role", required=True, choices=[role.value for role in Role])
    create.add_argument("--communes", nargs="+", help="codes or names (commune officials)")
    create.add_argument("--name", help="full name, post and unit, signed under answers")
    create.add_argument("--fields", nargs="+", help="legal fields shown first in the inbox")
    create.add_argument("--password-stdin", action="store_true",
                        help="read the password from standard input (scripts)")  # fmt: skip
    commands.add_parser("users", help="list accounts").set_defaults(run=_list_users)
    password = commands.add_parser("set-password", help="set a new password")
    password.set_defaults(run=_set_password)
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true")
    for name, run, text in (
        ("unlock", _unlock, "lift a lockout after failed logins"),
        ("deactivate", _set_active(False), "stop an account (its sessions end)"),
        ("activate", _set_active(True), "allow a deactivated account again"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.set_defaults(run=run)
        sub.add_argument("username")
    return parser
