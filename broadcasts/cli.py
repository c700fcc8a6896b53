"""``flask --app app broadcasts``: officers' broadcast tools on the command line.

The composition root (app.py) registers it and hands it its services: the same settings
(``.env``), database and delivery engine as the server's, so what the CLI does is what the
server does. Every change names the officer (``--as``), whose role and communes come from
the officers table; the rules are the engine's, not the CLI's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.audiences import AUDIENCE_CODES
from broadcasts.cli_services import BroadcastServices
from broadcasts.commune_table import provinces_in_db, store_communes
from broadcasts.communes import (
    SHIPPED_CSV,
    CommuneFileError,
    CommuneMatcher,
    resolve_commune_codes,
)
from broadcasts.communes import load_communes as read_communes_csv
from broadcasts.engine import BroadcastBusy
from broadcasts.model import Broadcast, Kind, Status, message_text, problems_of
from broadcasts.routing import VIETNAM
from channels.registry import PLATFORMS
from kernel.identity import Role
from kernel.rules import RuleViolation

PROG = "flask --app app broadcasts"
SUMMARY = "Officers' broadcast tools: officers, communes, broadcasts and their sending."

STATUS_LABELS = {
    "draft": "nháp", "approved": "đã duyệt", "scheduled": "đã hẹn giờ", "sending": "đang gửi",
    "done": "đã gửi xong", "cancelled": "đã hủy",
}  # fmt: skip


class UserError(Exception):
    """Bad input: printed as one clear line, exit status 2."""


def run(argv: Sequence[str], services: Callable[[], BroadcastServices]) -> int:
    """Runs one command and returns the exit status. ``services`` is called only once the
    words parse, so ``--help`` and a mistyped option need no valid settings; errors of the
    settings themselves are the caller's to report."""
    arguments = _parser().parse_args(argv)
    try:
        arguments.run(services(), arguments)
    except BroadcastBusy:
        print("Lỗi: tin này đang được một tiến trình khác gửi; thử lại sau ít phút.",
              file=sys.stderr)  # fmt: skip
        return 3
    except (UserError, RuleViolation, LookupError, ValueError, CommuneFileError) as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    return 0


def _commune_codes(services: BroadcastServices, typed: Sequence[str]) -> frozenset[str]:
    """Codes, or names typed with or without diacritics and "xã"/"phường"."""
    return resolve_commune_codes(services.communes, list(typed))


# -- commands --------------------------------------------------------------------------


def _officers_add(services: BroadcastServices, arguments) -> None:
    role = Role(arguments.role)
    communes = _commune_codes(services, arguments.communes) if arguments.communes else frozenset()
    officer = services.officers.add(arguments.username, role, communes)
    print(f"Đã lưu cán bộ {officer.username} ({role.value}"
          + (f"; xã: {', '.join(sorted(communes))}" if communes else "") + ").")  # fmt: skip


def _officers_list(services: BroadcastServices, arguments) -> None:
    for officer in services.officers.all():
        print(f"{officer.username}\t{officer.role.value}\t{','.join(sorted(officer.communes))}")


def _communes_load(services: BroadcastServices, arguments) -> None:
    path = Path(arguments.file) if arguments.file else SHIPPED_CSV
    province = arguments.province or services.settings.province
    communes = read_communes_csv(path, None if province == "*" else province)
    written = store_communes(services.database, communes)
    print(f"Đã nạp {written} xã, phường, đặc khu từ {path}.")
    for name, count in provinces_in_db(services.database).items():
        print(f"  {name}: {count}")


def _communes_list(services: BroadcastServices, arguments) -> None:
    communes = services.communes
    if arguments.search:
        communes = CommuneMatcher(communes).candidates(arguments.search)
    for commune in communes:
        print(f"{commune.code}\t{commune.name}")


def _create(services: BroadcastServices, arguments) -> None:
    officer = services.officers.get(arguments.as_officer)
    kind = Kind.NEW_LAW if arguments.kind == "new-law" else Kind.LOCAL_NOTICE
    body = _text(arguments.summary if kind is Kind.NEW_LAW else arguments.body, arguments.file)
    communes = _commune_codes(services, arguments.communes) if arguments.communes else None
    broadcast = Broadcast(
        kind=kind,
        title=arguments.title,
        body=body,
        author=officer.username,
        target_communes=communes,
        audiences=frozenset(arguments.audiences or ["general_public"]),
        channels=frozenset(arguments.channels or PLATFORMS.names),
        document_number=getattr(arguments, "number", None),
        issuing_body=getattr(arguments, "issuer", None),
        issue_date=_date(getattr(arguments, "issued", None)),
        effective_date=_date(getattr(arguments, "effective", None)),
        link=getattr(arguments, "link", None),
        fields=tuple(getattr(arguments, "fields", None) or ()),
        urgent=arguments.urgent,
        zalo_article=getattr(arguments, "zalo_article", False),
    )
    problems = problems_of(broadcast)
    if problems:
        raise UserError(" ".join(problems))
    created = services.broadcasts.create(broadcast, officer)
    print(f"Đã tạo tin số {created.id} (nháp). Người khác duyệt bằng: approve {created.id}")


def _edit(services: BroadcastServices, arguments) -> None:
    officer = services.officers.get(arguments.as_officer)
    changes = {}
    if arguments.title:
        changes["title"] = arguments.title
    if arguments.summary or arguments.file:
        changes["body"] = _text(arguments.summary, arguments.file)
    if arguments.effective:
        changes["effective_date"] = _date(arguments.effective)
    if not changes:
        raise UserError("không có gì để sửa.")
    edited = services.broadcasts.update_draft(arguments.id, officer, **changes)
    problems = problems_of(edited)
    print(f"Đã sửa tin số {edited.id}." + (f" Còn thiếu: {' '.join(problems)}" if problems else ""))


def _list(services: BroadcastServices, arguments) -> None:
    status = Status(arguments.status) if arguments.status else None
    for broadcast in services.broadcasts.list(status, limit=arguments.limit):
        when = (
            f" · {broadcast.scheduled_at.astimezone(VIETNAM):%d/%m/%Y %H:%M}"
            if broadcast.scheduled_at
            else ""
        )
        print(f"{broadcast.id}\t{STATUS_LABELS[broadcast.status.value]}{when}\t{broadcast.title}")


def _show(services: BroadcastServices, arguments) -> None:
    broadcast = services.broadcasts.get(arguments.id)
    targets = (
        "toàn tỉnh"
        if broadcast.target_communes is None
        else ", ".join(sorted(broadcast.target_communes))
    )
    print(
        f"Tin số {broadcast.id} · {broadcast.kind.value} · {STATUS_LABELS[broadcast.status.value]}"
    )
    print(f"Gửi tới: {targets} · nhóm: {', '.join(sorted(broadcast.audiences))} · "
          f"kênh: {', '.join(sorted(broadcast.channels))}")  # fmt: skip
    print("\n--- Nội dung người nhận đọc ---")
    print(message_text(broadcast))
    print("--- Lịch sử ---")
    for event, actor, at in broadcast.history:
        print(f"{at.astimezone(VIETNAM):%d/%m/%Y %H:%M:%S}  {event:<24} {actor}")
    problems = problems_of(broadcast)
    if problems and broadcast.status is Status.DRAFT:
        print("Chưa thể duyệt: " + " ".join(problems))


def _approve(services: BroadcastServices, arguments) -> None:
    officer = services.officers.get(arguments.as_officer)
    services.broadcasts.move(arguments.id, Status.APPROVED, officer)
    print(f"Đã duyệt tin số {arguments.id}.")


def _schedule(services: BroadcastServices, arguments) -> None:
    officer = services.officers.get(arguments.as_officer)
    try:
        local = dt.datetime.strptime(arguments.at, "%Y-%m-%d %H:%M").replace(tzinfo=VIETNAM)
    except ValueError:
        raise UserError("giờ gửi ghi theo dạng 2026-11-24 08:00 (giờ Việt Nam).") from None
    broadcast = services.broadcasts.move(
        arguments.id, Status.SCHEDULED, officer, scheduled_at=local
    )
    print(f"Đã hẹn gửi tin số {broadcast.id} lúc {local:%H:%M %d/%m/%Y}.")
    morning = services.settings.broadcasts.quiet_hours.postponed_to(local, broadcast.urgent)
    if morning is not None:
        morning = morning.astimezone(VIETNAM)
        print(f"Lưu ý: giờ này trong giờ yên lặng; tin sẽ gửi lúc {morning:%H:%M %d/%m/%Y}.")


def _send_now(services: BroadcastServices, arguments) -> None:
    officer = services.officers.get(arguments.as_officer)
    broadcast = services.broadcasts.get(arguments.id)
    now = dt.datetime.now(dt.timezone.utc)
    if broadcast.status is not Status.SENDING:  # SENDING: resume an interrupted send
        quiet = services.settings.broadcasts.quiet_hours.postponed_to(now, broadcast.urgent)
        if quiet is not None and not arguments.ignore_quiet_hours:
            raise UserError(
                "đang trong giờ yên lặng; hãy hẹn giờ (schedule) hoặc thêm --ignore-quiet-hours."
            )
        services.broadcasts.move(arguments.id, Status.SENDING, officer)
    status = _run_with_progress(services, arguments.id, arguments.quiet)
    _print_statistics(services, arguments.id)
    print(f"Kết thúc: {STATUS_LABELS[status.value]}.")


def _run_with_progress(services: BroadcastServices, broadcast_id: int, quiet: bool) -> Status:
    from tqdm import tqdm

    engine = services.engine
    with tqdm(total=0, unit="tin", desc=f"Tin số {broadcast_id}", disable=quiet,
              file=sys.stderr) as bar:  # fmt: skip

        def progress(step) -> None:
            bar.total = step.planned
            bar.n = step.finished
            bar.refresh()

        return engine.run(broadcast_id, progress)


def _cancel(services: BroadcastServices, arguments) -> None:
    officer = services.officers.get(arguments.as_officer)
    services.broadcasts.move(arguments.id, Status.CANCELLED, officer)
    print(f"Đã hủy tin số {arguments.id}; việc gửi dừng trong vài giây.")


def _status(services: BroadcastServices, arguments) -> None:
    broadcast = services.broadcasts.get(arguments.id)
    print(f"Tin số {broadcast.id}: {STATUS_LABELS[broadcast.status.value]}")
    _print_statistics(services, arguments.id)


def _print_statistics(services: BroadcastServices, broadcast_id: int) -> None:
    statistics = services.deliveries.statistics(broadcast_id)
    print(
        f"Người nhận: {statistics['targeted']} · đã gửi: {statistics['sent']} · "
        f"chờ gửi: {statistics['pending']} · giữ lại: {statistics['held']} · "
        f"đã gửi trong bản tin tổng hợp: {statistics['released_in_digest']} · "
        f"bỏ qua: {statistics['skipped']} · lỗi: {statistics['failed']} · "
        f"đã đọc: {statistics['read']}"
    )
    for status, reasons in statistics["reasons"].items():
        for reason, count in reasons.items():
            print(f"  {status}: {count} · {reason}")
    print(json.dumps({"broadcast": broadcast_id, **statistics}, ensure_ascii=False))


def _import_feeds(services: BroadcastServices, arguments) -> None:
    urls = arguments.urls or list(services.settings.broadcasts.feeds)
    if not urls:
        raise UserError("chưa có nguồn tin: đặt NEW_LAW_FEEDS hoặc ghi địa chỉ sau lệnh.")
    for url, result in services.feeds(urls).import_all().items():
        outcome = f"{result} bản nháp mới" if isinstance(result, int) else f"lỗi: {result}"
        print(f"{url}: {outcome}")


# -- helpers ---------------------------------------------------------------------------


def _text(inline: str | None, file: str | None) -> str:
    if file:
        return Path(file).read_text(encoding="utf-8").strip()
    return (inline or "").strip()


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"ngày “{value}” cần ghi dạng 2026-01-01.") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(name: str, run, help_text: str, officer: bool = False) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(run=run)
        if officer:
            sub.add_argument("--as", dest="as_officer", required=True, metavar="USERNAME",
                             help="the officer doing it (see: officers add)")  # fmt: skip
        return sub

    officers = commands.add_parser("officers", help="officers who may broadcast")
    officer_commands = officers.add_subparsers(required=True, metavar="ACTION")
    add = officer_commands.add_parser("add", help="add or update an officer")
    add.set_defaults(run=_officers_add)
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    add.add_argument("--communes", nargs="+", help="codes or names (commune officials)")
    officer_commands.add_parser("list", help="list officers").set_defaults(run=_officers_list)

    communes = commands.add_parser("communes", help="the province's communes")
    commune_commands = communes.add_subparsers(required=True, metavar="ACTION")
    load = commune_commands.add_parser("load", help="load communes from a CSV (code,name,province)")
    load.set_defaults(run=_communes_load)
    load.add_argument("file", nargs="?", help="default: the shipped list of all 34 provinces")
    load.add_argument("--province", help="default: the PROVINCE setting; '*' loads all")
    listing = commune_commands.add_parser("list", help="list or search communes")
    listing.set_defaults(run=_communes_list)
    listing.add_argument("--search")

    create = commands.add_parser("create", help="create a draft broadcast")
    kinds = create.add_subparsers(required=True, dest="kind", metavar="KIND")
    law = kinds.add_parser("new-law", help="a newly issued legal document")
    notice = kinds.add_parser("local-notice", help="a commune's own notice")
    for sub in (law, notice):
        sub.set_defaults(run=_create)
        sub.add_argument("--as", dest="as_officer", required=True, metavar="USERNAME")
        sub.add_argument("--title", required=True)
        sub.add_argument("--file", help="read the summary or body from a UTF-8 file")
        sub.add_argument("--audiences", nargs="+", choices=sorted(AUDIENCE_CODES))
        sub.add_argument("--channels", nargs="+", choices=PLATFORMS.names)
        sub.add_argument("--urgent", action="store_true", help="send even in quiet hours")
    law.add_argument("--summary", help="what changes for people, in plain Vietnamese")
    law.add_argument("--number", required=True, help="document number, e.g. 74/2025/QH15")
    law.add_argument("--issuer")
    law.add_argument("--issued", help="issue date, YYYY-MM-DD")
    law.add_argument("--effective", help="effective date, YYYY-MM-DD")
    law.add_argument("--link", help="the official text")
    law.add_argument("--fields", nargs="+")
    law.add_argument("--communes", nargs="+", help="default: the whole province")
    law.add_argument("--zalo-article", action="store_true",
                     help="also publish to every Zalo follower as an Article (province-wide)")  # fmt: skip
    notice.add_argument("--body")
    notice.add_argument("--communes", nargs="+", required=True)

    edit = command("edit", _edit, "complete or correct a draft", officer=True)
    edit.add_argument("id", type=int)
    edit.add_argument("--title")
    edit.add_argument("--summary")
    edit.add_argument("--file")
    edit.add_argument("--effective")

    listing = command("list", _list, "list broadcasts, newest first")
    listing.add_argument("--status", choices=[status.value for status in Status])
    listing.add_argument("--limit", type=int, default=50)
    command("show", _show, "a broadcast as subscribers read it, and its history").add_argument(
        "id", type=int
    )
    command("approve", _approve, "approve (not the author)", officer=True).add_argument(
        "id", type=int
    )
    schedule = command("schedule", _schedule, "schedule an approved broadcast", officer=True)
    schedule.add_argument("id", type=int)
    schedule.add_argument("--at", required=True, help="YYYY-MM-DD HH:MM, Vietnam time")
    send = command("send-now", _send_now, "send an approved broadcast now", officer=True)
    send.add_argument("id", type=int)
    send.add_argument("--ignore-quiet-hours", action="store_true")
    send.add_argument("--quiet", action="store_true", help="no progress bar")
    command("cancel", _cancel, "cancel; sending stops within seconds", officer=True).add_argument(
        "id", type=int
    )
    command("status", _status, "delivery statistics").add_argument("id", type=int)
    feeds = command("import-feeds", _import_feeds, "import new-law feeds as drafts")
    feeds.add_argument("urls", nargs="*", help="default: the NEW_LAW_FEEDS setting")
    return parser
