"""Load generator of the quiz benchmark (its own process, so its CPU is not counted
against the server): PARTICIPANTS simulated Messenger users on CONCURRENCY clients, each
starting the quiz and answering every question, one signed webhook after another, each
posted as soon as the last was acknowledged. Then every RESEND_EVERY-th answer (0: none)
is posted again byte for byte, as Messenger retries a webhook it believes lost.

``python bench/quiz_load.py URL APP_SECRET PLAN_JSON PARTICIPANTS CONCURRENCY LABEL
RESEND_EVERY`` prints one JSON object: each post's kind, send time, ack latency and status.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quiz_events import RESENT, QuestionPlan, participant_posts, plan_from_json  # noqa: E402
from bench.webhook_load import closed_loop, post, signed  # noqa: E402


def run(
    url: str,
    app_secret: str,
    plan: list[QuestionPlan],
    participants: int,
    concurrency: int,
    label: str,
    resend_every: int,
) -> dict:
    resends: list[tuple[bytes, dict]] = []

    def take_quiz(participant: int, session: requests.Session) -> list[dict]:
        records = []
        now_ms = int(time.time() * 1000)
        for item in participant_posts(label, participant, plan, now_ms, resend_every):
            raw, headers = signed(item.body, app_secret)
            records.append({"kind": item.kind, **post(session, url, raw, headers)})
            if item.resend:
                resends.append((raw, headers))
        return records

    results, elapsed = closed_loop(participants, concurrency, take_quiz)
    session = requests.Session()
    results += [{"kind": RESENT, **post(session, url, raw, headers)} for raw, headers in resends]
    return {"elapsed_s": elapsed, "results": results}


if __name__ == "__main__":
    url, secret, plan_path, participants, concurrency, label, resend_every = sys.argv[1:8]
    plan = plan_from_json(json.loads(Path(plan_path).read_text(encoding="utf-8")))
    figures = run(url, secret, plan, int(participants), int(concurrency), label, int(resend_every))
    print(json.dumps(figures))
