"""Dashboard and report queries on a synthetic province, against a baseline side by side.

A province-sized database: ``--users`` citizens writing ``--messages`` messages over the
last year (answers, "not sure" replies, ratings), ``--subscribers`` followers in 126
communes, forwarded questions and their answers. Measured, median of ``--repeat`` runs:

- dashboard: what ``/console/`` computes (30 days: conversations and users per day, the
  answer summary, satisfaction, top topics, top unanswered questions);
- dashboard (commune): the same for a commune official (one commune);
- reports: the reports page's eight tables over 30 days, by day;
- yearly: the yearly summary.

Ours: the pages' own code (``console.report_tables``, ``yearly_summary``): the period's
messages are read once per page into a temporary table, and the worker has marked the
messages that open a conversation. Baseline, side by side: the same report functions,
each reading the inbox itself, on a copy of the database without the marks (as right
after an upgrade), so each message is compared with the user's previous one at query
time. Run: ``.venv/bin/python bench/reports.py [--messages 300000]``. The last line
printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.audiences import AUDIENCE_LABELS  # noqa: E402
from bot.conversation import CONVERSATION_GAP_SECONDS  # noqa: E402
from broadcasts.schema import create_broadcast_schema  # noqa: E402
from console.answer_reports import (  # noqa: E402
    satisfaction,
    top_topics,
    top_unanswered,
)
from console.report_tables import _builders, dashboard_figures, report_tables  # noqa: E402
from console.reports import (  # noqa: E402
    VIETNAM,
    ReportScope,
    activity_totals,
    answer_summary,
    snapshot,  # noqa: E402
)
from console.yearly_report import _summary, yearly_summary  # noqa: E402
from quizzes.schema import create_quiz_tables  # noqa: E402
from server.database import Database  # noqa: E402
from server.schema import create_message_tables  # noqa: E402

FAQS = [f"faq_{n:02d}" for n in range(40)]
COMMUNES = [f"{n:05d}" for n in range(126)]
UNANSWERED = ["hỏi về đất rừng", "thủ tục gì đó", "xin chào cán bộ", "tôi muốn khiếu nại",
              "bao giờ có lương hưu", "hỏi về thuế nhà đất"]  # fmt: skip


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def build(path: Path, users: int, messages: int, subscribers: int, seed: int = 7) -> None:
    """Messages arrive in bursts (conversations) at random times over the last year."""
    rng = random.Random(seed)
    database = Database(path)
    create_message_tables(database.db)
    create_broadcast_schema(database.db)
    create_quiz_tables(database.db)
    now = time.time()
    rows, message_id = [], 0
    while message_id < messages:
        user = rng.randrange(users)
        channel = ("zalo", "facebook")[user % 2]
        at = now - rng.random() * 365 * 86400
        for _ in range(rng.randint(1, 5)):
            message_id += 1
            at += rng.randint(5, 600)
            answered = rng.random() < 0.8
            faq = rng.choice(FAQS) if answered else None
            rated = answered and rng.random() < 0.3
            rows.append((
                channel, f"m{message_id}", f"u{user}", "text",
                rng.choice(UNANSWERED) if not answered else "câu hỏi", at, at, "answered",
                faq, 0 if answered else 1, (1 if rng.random() < 0.92 else 0) if rated else None,
                faq if rated else None,
            ))  # fmt: skip
    with database.transaction() as db:
        db.conn.executemany(
            "INSERT INTO inbox (channel, platform_message_id, user_id, kind, text, sent_at, "
            "received_at, status, faq_id, fallback, feedback_helpful, feedback_faq_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.conn.executemany(
            "INSERT INTO subscribers (id, channel, user_id, commune_code, consent_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            ((n, ("zalo", "facebook")[n % 2], f"u{n}", COMMUNES[n % len(COMMUNES)],
              now - rng.random() * 365 * 86400, now) for n in range(subscribers)),
        )  # fmt: skip
        db.conn.executemany(
            "INSERT INTO subscriber_audiences (subscriber_id, audience) VALUES (?, ?)",
            ((n, rng.choice(list(AUDIENCE_LABELS))) for n in range(subscribers)),
        )
        db.conn.executemany(
            "INSERT INTO forwarded_questions (inbox_id, channel, user_id, question, status, "
            "commune_code, created_at, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((n * 50, "zalo", f"u{n}", "câu hỏi chuyển", "answered",
              COMMUNES[n % len(COMMUNES)], now - n * 3600, now - n * 3600 + 7200)
             for n in range(1, messages // 50)),
        )  # fmt: skip
        # What the worker writes as it answers each message (server.message_store).
        db.execute(
            f"""UPDATE inbox SET conversation_start = marks.starts FROM (
                  SELECT id, COALESCE(sent_at - LAG(sent_at) OVER (
                      PARTITION BY channel, user_id ORDER BY sent_at, id)
                      > {CONVERSATION_GAP_SECONDS}, 1) AS starts
                  FROM inbox) AS marks
                WHERE inbox.id = marks.id"""  # noqa: S608 (a constant)
        )
    database.db.execute("ANALYZE")
    database.close()


def workloads(db, titles: dict, names: dict, shared: bool) -> dict:
    """The pages' own code paths (``shared``), or each report reading the inbox itself."""
    today = dt.datetime.now(VIETNAM).date()
    month = ReportScope(today - dt.timedelta(days=29), today)
    commune = ReportScope(month.start, month.end, frozenset({COMMUNES[3]}))

    def dashboard(scope: ReportScope) -> None:
        if shared:
            dashboard_figures(db, scope, titles)
            return
        answer_summary(db, scope)
        satisfaction(db, scope)
        activity_totals(db, scope, "day")
        top_topics(db, scope, titles, limit=8)
        top_unanswered(db, scope, limit=8)

    def reports() -> None:
        if shared:
            with snapshot(db, month) as scope:
                report_tables(db, scope, "day", names, titles)
                answer_summary(db, scope), satisfaction(db, scope)
                activity_totals(db, scope, "day")
            return
        for build in _builders("day").values():
            build(db, month, names, titles)
        answer_summary(db, month), satisfaction(db, month), activity_totals(db, month, "day")

    def yearly() -> None:
        year = ReportScope(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
        if shared:
            yearly_summary(db, today.year, None, titles, names)
        else:
            _summary(db, today.year, year, titles, names, AUDIENCE_LABELS)

    return {
        "dashboard": lambda: dashboard(month),
        "dashboard_commune": lambda: dashboard(commune),
        "reports": reports,
        "yearly": yearly,
    }


def measure(path: Path, repeat: int, shared: bool) -> dict[str, float]:
    database = Database(path)
    titles = {faq: faq for faq in FAQS}
    names = {code: f"Xã {code}" for code in COMMUNES}
    figures = {}
    for name, work in workloads(database.db, titles, names, shared).items():
        work()  # warm the page cache: both sides are measured warm
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        figures[name] = round(statistics.median(times) * 1000, 1)
    database.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--messages", type=int, default=300_000)
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ours = Path(folder) / "ours.db"
        log(f"building a province: {options.messages} messages, {options.users} users…")
        build(ours, options.users, options.messages, options.subscribers)
        baseline = Path(folder) / "baseline.db"
        shutil.copyfile(ours, baseline)
        unmarked = Database(baseline)
        unmarked.db.execute("UPDATE inbox SET conversation_start = NULL")
        unmarked.close()
        results = {"ours_ms": measure(ours, options.repeat, shared=True),
                   "baseline_ms": measure(baseline, options.repeat, shared=False)}  # fmt: skip
    log(f"{'query':<20}{'ours (ms)':>12}{'baseline (ms)':>16}{'speed-up':>10}")
    speedups = {}
    for name, ours_ms in results["ours_ms"].items():
        base_ms = results["baseline_ms"][name]
        speedups[name] = round(base_ms / ours_ms, 2) if ours_ms else None
        log(f"{name:<20}{ours_ms:>12.1f}{base_ms:>16.1f}{speedups[name]:>9.2f}x")
    print(json.dumps({"benchmark": "reports", "messages": options.messages,
                      "users": options.users, "subscribers": options.subscribers,
                      **results, "speedup": speedups}))  # fmt: skip


if __name__ == "__main__":
    main()
