"""Quiz benchmark: 5,000 simulated participants each answer a 10-question contest through
signed Messenger webhooks to our gunicorn server on loopback, its Graph API a local fake.

The contest is prepared and approved by two officers through the quiz store, as on the
console. The load generator runs in a second process: each of C clients takes a
participant, starts the quiz (the quiz button or the typed phrase), answers every
question (a tapped button, or a typed letter), then takes the next participant. Then 1 %
of the answers are posted again, as Messenger retries, and must not count twice.
Measured: ack latency p50/p99 of the answer posts; answers per second, from the first
webhook posted to the last answer stored in SQLite; the time the quiz page takes to
compute the results (statistics, ranking, winners per commune) once every answer is in.
Run: ``.venv/bin/python bench/quiz.py [--participants N] [--questions Q]
[--concurrency C]``. The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quiz_events import (  # noqa: E402
    ANSWER,
    RESENT,
    bench_quiz,
    expected_score,
    quiz_plan,
)
from bench.webhook import APP_SECRET, PYTHON, ack_figures, log, our_server  # noqa: E402
from bot.project_paths import ProjectPaths  # noqa: E402
from bot.training import ensure_model, our_pipeline  # noqa: E402
from console.quiz_views import WINNERS_PER_COMMUNE  # noqa: E402
from kernel.identity import Officer, Role  # noqa: E402
from quizzes.model import Quiz  # noqa: E402
from quizzes.results import result_rows, statistics, winners  # noqa: E402
from quizzes.schema import create_quiz_tables  # noqa: E402
from quizzes.store import QuizStore  # noqa: E402
from server.database import Database  # noqa: E402

AUTHOR = Officer("bench.author", Role.COMMUNICATION_OFFICER)
APPROVER = Officer("bench.approver", Role.COMMUNICATION_OFFICER)
LABEL = "quiz"


def create_open_quiz(path: Path, questions: int) -> Quiz:
    """A database holding one approved contest, open now, of ``questions`` questions."""
    database = Database(path)
    create_quiz_tables(database.db)
    store = QuizStore(database)
    draft = store.create(bench_quiz(questions, store.now(), AUTHOR.username), AUTHOR)
    approved = store.approve(draft.id, APPROVER)
    database.close()
    return approved


def run_load(url: str, plan_path: Path, options: argparse.Namespace) -> dict:
    output = subprocess.run(  # noqa: S603 (our own script)
        [PYTHON, str(ROOT / "bench" / "quiz_load.py"), url, APP_SECRET, str(plan_path),
         str(options.participants), str(options.concurrency), LABEL,
         str(options.resend_every)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(output)


def wait_until_settled(database: Database, expected: int, timeout: float) -> bool:
    """Whether every answer got stored and no message waits in the inbox (a re-posted
    answer the inbox let through would wait there) before the timeout."""
    deadline = time.monotonic() + timeout
    next_report = time.monotonic() + 10
    while time.monotonic() < deadline:
        (stored,) = database.db.execute("SELECT COUNT(*) FROM quiz_answers").fetchone()
        (waiting,) = database.db.execute(
            "SELECT COUNT(*) FROM inbox WHERE status = 'pending'"
        ).fetchone()
        if stored >= expected and not waiting:
            return True
        if time.monotonic() > next_report:
            log(f"{stored} of {expected} answers stored, {waiting} messages waiting…")
            next_report += 10
        time.sleep(0.2)
    log(f"gave up waiting after {timeout:.0f} s")
    return False


def recorded(database: Database, quiz_id: int) -> dict:
    """What SQLite holds: answers, when the last was stored, attempts, their scores."""
    answers, last_at = database.db.execute(
        "SELECT COUNT(*), MAX(answered_at) FROM quiz_answers"
    ).fetchone()
    attempts, finished, score_total = database.db.execute(
        "SELECT COUNT(*), COUNT(finished_at), COALESCE(SUM(score), 0) FROM quiz_attempts "
        "WHERE quiz_id = ?",
        (quiz_id,),
    ).fetchone()
    return {"answers": answers, "last_answered_at": last_at or 0.0, "attempts": attempts,
            "finished": finished, "score_total": score_total}  # fmt: skip


def time_results(database: Database, quiz: Quiz) -> float:
    """Seconds the quiz page's results take for a province-wide officer who may see
    participants: the statistics, the whole ranking and the winners per commune."""
    started = time.perf_counter()
    statistics(database, quiz, None)
    ranking = result_rows(database, quiz, None, personal=True)
    winners(database, quiz, None, WINNERS_PER_COMMUNE)
    seconds = time.perf_counter() - started
    log(f"ranking of {len(ranking)} attempts; best score {ranking[0].ranked.result.score}"
        if ranking else "no finished attempt to rank")  # fmt: skip
    return seconds


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def quiz_figures(
    participants: int,
    questions: int,
    concurrency: int,
    load: dict,
    stored: dict,
    results_s: float,
    expected_scores: int,
) -> dict:
    """The benchmark's figures from the load generator's records (``load``), what SQLite
    holds (``stored``, see ``recorded``) and the scores the participants' choices make."""
    results = load["results"]
    answers = [r for r in results if r["kind"] == ANSWER]
    acks = ack_figures(answers)
    first_sent = min((r["sent_at"] for r in results), default=0.0)
    span = stored["last_answered_at"] - first_sent
    acked = sum(r["status"] == 200 for r in results if r["kind"] != RESENT)
    return {
        "benchmark": "quiz",
        "participants": participants,
        "questions": questions,
        "concurrency": concurrency,
        "answers": acks["acked_200"],
        "answers_per_s": round(stored["answers"] / span, 1) if span > 0 else None,
        "posts_per_s": round(acked / load["elapsed_s"], 1) if load["elapsed_s"] else None,
        "ack_p50_ms": _finite(acks["ack_p50_ms"]),
        "ack_p99_ms": _finite(acks["ack_p99_ms"]),
        "refused_posts": sum(r["status"] != 200 for r in results),
        "backlog_s": round(max(0.0, span - load["elapsed_s"]), 2) if span > 0 else None,
        "results_s": round(results_s, 3),
        "recorded_answers": stored["answers"],
        "expected_answers": participants * questions,
        "finished_attempts": stored["finished"],
        "scores_as_expected": stored["score_total"] == expected_scores,
        "duplicated_webhooks": sum(r["kind"] == RESENT for r in results),
    }


def summary_lines(figures: dict) -> list[str]:
    """The figures as a table for people; the JSON line carries the same."""
    rows = [
        ("participants × questions", f"{figures['participants']} × {figures['questions']}"),
        ("answers acknowledged", figures["answers"]),
        ("answers/s (posted → stored)", figures["answers_per_s"]),
        ("webhooks/s acknowledged", figures["posts_per_s"]),
        ("ack p50 / p99 (ms)", f"{figures['ack_p50_ms']} / {figures['ack_p99_ms']}"),
        ("backlog after the load (s)", figures["backlog_s"]),
        ("results computed in (s)", figures["results_s"]),
        ("answers stored", f"{figures['recorded_answers']} of {figures['expected_answers']}"),
        ("finished attempts", figures["finished_attempts"]),
        ("scores as expected", figures["scores_as_expected"]),
        ("answers posted twice", figures["duplicated_webhooks"]),
        ("posts refused", figures["refused_posts"]),
    ]
    return [f"{name:<30}{value!s:>16}" for name, value in rows]


def at_least(minimum: int):
    def whole_number(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}")
        return value

    return whole_number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=at_least(1), default=5000)
    parser.add_argument("--questions", type=at_least(1), default=10)
    parser.add_argument("--concurrency", type=at_least(1), default=16, help="clients posting")
    parser.add_argument(
        "--resend-every",
        type=at_least(0),
        default=100,
        help="post every n-th answer twice, as a platform's retry (0: none)",
    )
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds to wait for every answer"
    )
    options = parser.parse_args()
    paths = ProjectPaths()
    ensure_model(paths, our_pipeline(paths), progress=log)
    graph = subprocess.Popen([PYTHON, "-m", "bench.loopback_graph"], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        with tempfile.TemporaryDirectory() as folder:
            workdir = Path(folder)
            database_path = workdir / "bench.db"
            quiz = create_open_quiz(database_path, options.questions)
            plan = quiz_plan(quiz)
            plan_path = workdir / "plan.json"
            plan_path.write_text(json.dumps([asdict(q) for q in plan]), encoding="utf-8")
            expected = options.participants * options.questions
            base_graph = graph.stdout.readline().strip()
            with our_server(base_graph, workdir, database_path) as base_url:
                log(f"{options.participants} participants answering {options.questions} "
                    f"questions on {options.concurrency} clients…")  # fmt: skip
                load = run_load(f"{base_url}/webhooks/facebook", plan_path, options)
                database = Database(database_path)
                wait_until_settled(database, expected, options.timeout)
            stored = recorded(database, quiz.id)
            results_s = time_results(database, quiz)
            database.close()
    finally:
        graph.terminate()
    scores = sum(expected_score(p, plan) for p in range(options.participants))
    figures = quiz_figures(
        options.participants,
        options.questions,
        options.concurrency,
        load,
        stored,
        results_s,
        scores,
    )
    for line in summary_lines(figures):
        log(line)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
