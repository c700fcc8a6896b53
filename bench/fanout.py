"""Fan-out benchmark: one broadcast to 10,000 and 100,000 synthetic subscribers through a
local fake Graph API on loopback, rate limit lifted, against a baseline run side by side.

- engine: our delivery engine (paged targets, delivery rows, a pool of senders);
- baseline: the obvious loop (every target loaded at once, one request after another);
- engine-only: our engine with a channel that sends nothing, its own ceiling.
Each sender runs in its own process, so its peak memory (max RSS) is its own; the fake
platform runs in a third. Then a 100,000-subscriber send is killed with SIGKILL mid-way
and restarted: the time until the first new message arrives, and duplicates (must be 0).
Run: ``.venv/bin/python bench/fanout.py [--sizes 10000 100000] [--senders 8]``. The last
line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from broadcasts.model import Broadcast, Kind, Status  # noqa: E402
from broadcasts.schema import create_broadcast_schema  # noqa: E402
from broadcasts.store import BroadcastStore  # noqa: E402
from kernel.identity import Officer, Role  # noqa: E402
from server.database import Database  # noqa: E402
from server.schema import create_message_tables  # noqa: E402

PYTHON = sys.executable
AUTHOR = Officer("bench.author", Role.COMMUNICATION_OFFICER)
APPROVER = Officer("bench.approver", Role.COMMUNICATION_OFFICER)


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def province(path: Path, subscribers: int) -> Path:
    # User ids carry the database's name: the fake counts duplicates across every run.
    prefix = path.stem
    """A database with ``subscribers`` Facebook followers inside their window and one
    province-wide broadcast in "sending"."""
    database = Database(path)
    create_message_tables(database.db)
    create_broadcast_schema(database.db)
    now = time.time()
    with database.transaction() as db:
        db.conn.executemany(
            "INSERT INTO subscribers (id, channel, user_id, commune_code, consent_at, updated_at)"
            " VALUES (?, 'facebook', ?, ?, ?, ?)",
            ((n, f"{prefix}-{n}", f"{n % 126:05d}", now, now) for n in range(1, subscribers + 1)),
        )
        db.conn.executemany(
            "INSERT INTO subscriber_audiences (subscriber_id, audience) VALUES (?, ?)",
            ((n, "general_public") for n in range(1, subscribers + 1)),
        )
        db.conn.executemany(
            "INSERT INTO contacts (channel, user_id, first_seen_at, last_inbound_at) "
            "VALUES ('facebook', ?, ?, ?)",
            ((f"{prefix}-{n}", now, now - 3600) for n in range(1, subscribers + 1)),
        )
    store = BroadcastStore(database)
    created = store.create(
        Broadcast(
            Kind.NEW_LAW,
            "Luật Việc làm 2025 có hiệu lực từ 1/1/2026",
            "Người làm việc theo hợp đồng từ đủ 1 tháng trở lên tham gia bảo hiểm thất nghiệp.",
            AUTHOR.username,
            document_number="74/2025/QH15",
            effective_date=dt.date(2026, 1, 1),
        ),  # fmt: skip
        AUTHOR,
    )
    store.move(created.id, Status.APPROVED, APPROVER)
    store.move(created.id, Status.SENDING, APPROVER)
    database.close()
    return path


def stats(graph: str) -> dict:
    return requests.get(f"{graph}/stats", timeout=5).json()


def child(database: Path, graph: str, mode: str, senders: int, rate: float = 0) -> list[str]:
    return [PYTHON, str(ROOT / "bench" / "fanout_child.py"), str(database), graph, mode,
            str(senders), str(rate)]  # fmt: skip


def send(database: Path, graph: str, mode: str, senders: int) -> dict:
    before = stats(graph)
    output = subprocess.run(
        child(database, graph, mode, senders), capture_output=True, text=True, check=True
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    after = stats(graph)
    received = after["text_messages"] - before["text_messages"]
    figures["received"] = received
    figures["messages_per_s"] = round(received / figures["seconds"], 1)
    return figures


def resume_after_kill(directory: Path, graph: str, size: int, senders: int) -> dict:
    database = province(directory / "resume.db", size)
    start = stats(graph)["text_messages"]
    process = subprocess.Popen(child(database, graph, "engine", senders),
                               stdout=subprocess.DEVNULL)  # fmt: skip
    while stats(graph)["text_messages"] - start < size // 3:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    before_restart = stats(graph)["text_messages"]
    restarted_at = time.time()
    process = subprocess.Popen(child(database, graph, "engine", senders),
                               stdout=subprocess.PIPE, text=True)  # fmt: skip
    first_new = None
    while process.poll() is None:
        if first_new is None and stats(graph)["text_messages"] > before_restart:
            first_new = time.time()
        time.sleep(0.02)
    figures = json.loads(process.stdout.read().strip().splitlines()[-1])
    after = stats(graph)
    return {
        "subscribers": size,
        "sent_before_kill": before_restart - start,
        # Includes the killed sender's lease running out (1 s here, 30 s by default).
        "seconds_to_first_send_after_restart": round((first_new or time.time()) - restarted_at, 2),
        "seconds_to_finish_after_restart": round(time.time() - restarted_at, 2),
        "interrupted_not_resent": figures["counts"].get("failed", 0),
        "received_total": after["text_messages"] - start,
        "duplicates": after["duplicates"],
    }


def with_latency(directory: Path, options) -> dict:
    """The same send against a fake that answers after a real platform's round trip:
    here concurrency, not CPU, decides the rate."""
    slow = subprocess.Popen([PYTHON, "-m", "bench.loopback_graph", str(options.latency_ms)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)  # fmt: skip
    graph = slow.stdout.readline().strip()
    figures = {"latency_ms": options.latency_ms, "subscribers": options.latency_size}
    try:
        for mode in ("engine", "baseline"):
            database = province(directory / f"slow-{mode}.db", options.latency_size)
            result = send(database, graph, mode, options.senders)
            log(f"{mode} with {options.latency_ms} ms round trips: {result}")
            figures[f"{mode}_messages_per_s"] = result["messages_per_s"]
        figures["duplicates"] = stats(graph)["duplicates"]
    finally:
        slow.terminate()
    figures["engine_over_baseline"] = round(
        figures["engine_messages_per_s"] / figures["baseline_messages_per_s"], 1
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--senders", type=int, default=32)
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=50.0,
        help="round trip of the slow fake, like a real platform's",
    )
    parser.add_argument("--latency-size", type=int, default=2000)
    options = parser.parse_args()
    fake = subprocess.Popen([PYTHON, "-m", "bench.loopback_graph"], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    graph = fake.stdout.readline().strip()
    results: dict = {"engine": {}, "baseline": {}, "engine_only": {}}
    try:
        with tempfile.TemporaryDirectory() as folder:
            directory = Path(folder)
            for size in options.sizes:
                for mode in ("engine", "baseline", "engine-only"):
                    database = province(directory / f"{mode}-{size}.db", size)
                    figures = send(database, graph, mode, options.senders)
                    log(f"{mode} {size}: {figures}")
                    if mode == "engine-only":  # nothing reaches the fake
                        sent = figures["counts"].get("sent", 0)
                        results["engine_only"][str(size)] = {
                            "messages_per_s": round(sent / figures["seconds"], 1),
                            "peak_rss_mb": figures["peak_rss_mb"],
                        }
                        continue
                    results[mode][str(size)] = {
                        "messages_per_s": figures["messages_per_s"],
                        "seconds": round(figures["seconds"], 2),
                        "peak_rss_mb": figures["peak_rss_mb"],
                        "received": figures["received"],
                    }
            largest = max(options.sizes)
            results["resume"] = resume_after_kill(directory, graph, largest, options.senders)
            log(f"resume: {results['resume']}")
            results["duplicates_total"] = stats(graph)["duplicates"]
            results["with_latency"] = with_latency(directory, options)
    finally:
        fake.terminate()
    smallest, largest = str(min(options.sizes)), str(max(options.sizes))
    engine, baseline = results["engine"], results["baseline"]
    results["ratios"] = {
        "throughput_engine_over_baseline": round(
            engine[largest]["messages_per_s"] / baseline[largest]["messages_per_s"], 2
        ),
        "engine_memory_growth": round(
            engine[largest]["peak_rss_mb"] / engine[smallest]["peak_rss_mb"], 2
        ),
        "baseline_memory_growth": round(
            baseline[largest]["peak_rss_mb"] / baseline[smallest]["peak_rss_mb"], 2
        ),
    }
    results["targets"] = {"messages_per_s": ">= 2000", "memory": "flat from 10k to 100k"}
    print(json.dumps({"benchmark": "fanout", "senders": options.senders, **results}))


if __name__ == "__main__":
    main()
