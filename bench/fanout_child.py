"""One sending process of the fan-out benchmark (its own process, so its peak memory
is its own): ``engine`` runs our delivery engine, ``baseline`` the obvious loop that
loads every target and sends one by one. Prints one JSON line with its figures."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.messages import OutgoingMessage  # noqa: E402
from broadcasts.engine import BroadcastBusy, DeliveryEngine, EngineSettings  # noqa: E402
from broadcasts.model import message_text  # noqa: E402
from broadcasts.store import BroadcastStore  # noqa: E402
from channels.facebook.channel import FacebookChannel  # noqa: E402
from channels.facebook.client import FacebookClient  # noqa: E402
from channels.facebook.outbound import UPDATE, message_bodies  # noqa: E402
from server.contact_windows import SqliteContactWindows  # noqa: E402
from server.database import Database  # noqa: E402
from server.wiring import _session  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class NullChannel:
    """Sends nothing: what is left is the engine's own cost (planning, claims, rows)."""

    name = "facebook"

    def send(self, body: dict) -> None:
        return None


def run_engine(
    database: Database, graph: str, senders: int, rate: float | None, null: bool = False
) -> dict:
    channel = (
        NullChannel()
        if null
        else FacebookChannel(FacebookClient("bench", graph, session=_session()))
    )
    engine = DeliveryEngine(
        database,
        {"facebook": channel},
        SqliteContactWindows(database),
        EngineSettings(senders=senders, rates={"facebook": rate}, lease_seconds=1.0),
    )
    started = time.perf_counter()
    while True:
        try:
            status = engine.run(1)
            break
        except BroadcastBusy:  # a killed sender's lease has not run out yet
            time.sleep(0.05)
    return {"status": status.value, "seconds": time.perf_counter() - started,
            "counts": engine.deliveries.counts(1)}  # fmt: skip


def run_baseline(database: Database, graph: str) -> dict:
    """Everything in memory, one request after another, a commit per message."""
    broadcast = BroadcastStore(database).get(1)
    text = message_text(broadcast)
    targets = database.db.execute(
        "SELECT s.id, s.user_id FROM subscribers s WHERE s.status = 'active'"
    ).fetchall()
    session = requests.Session()
    started = time.perf_counter()
    for subscriber_id, user_id in targets:
        (body,) = message_bodies(user_id, OutgoingMessage(text), UPDATE)
        session.post(f"{graph}/v25.0/me/messages", json=body, params={"access_token": "b"})
        database.db.execute(
            "INSERT INTO deliveries (broadcast_id, subscriber_id, channel, user_id, status, "
            "route, reason, created_at) VALUES (1, ?, 'facebook', ?, 'sent', 'send', '', 0)",
            (subscriber_id, user_id),
        )
    return {"status": "done", "seconds": time.perf_counter() - started,
            "counts": {"sent": len(targets)}}  # fmt: skip


def main() -> None:
    database_path, graph, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    senders = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    rate = float(sys.argv[5]) if len(sys.argv) > 5 and float(sys.argv[5]) > 0 else None
    process_started = time.perf_counter()
    database = Database(Path(database_path))
    if mode == "baseline":
        figures = run_baseline(database, graph)
    else:
        figures = run_engine(database, graph, senders, rate, null=mode == "engine-only")
    figures["process_seconds"] = time.perf_counter() - process_started
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
