"""Webhook benchmark: our gunicorn server against Rasa's own server (``rasa run`` with its
Facebook connector and the same model), under the same signed load on loopback.

Two phases per server, with the load generator in a second process:
- throughput: a closed loop of C clients posting N events as fast as acknowledged, giving
  sustained requests/second with its ack latency, and how fast the backlog is answered;
- latency: an open loop at a fixed rate (default 20 events/s, a province's busy hour many
  times over), giving ack latency p50/p99 and end-to-end latency (webhook posted → Send
  API called on a local fake Graph API) p50/p95/p99.
Run: ``.venv/bin/python bench/webhook.py [--requests N] [--concurrency C] [--rate R]
[--no-peer]``. The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fake_platform import FakeGraphApi  # noqa: E402
from bot.project_paths import ProjectPaths  # noqa: E402
from bot.training import ensure_model, our_pipeline  # noqa: E402

APP_SECRET = "bench-app-secret"  # noqa: S105 (a local fake, not a credential)
PYTHON = sys.executable


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def wait_until(url: str, timeout: float, process: subprocess.Popen) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before {url} answered")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} not ready after {timeout:.0f} s")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peer_model(paths: ProjectPaths) -> Path:
    """A full Rasa model (NLU + rules) trained on the same generated project, cached."""
    from bot.training import current_artifacts

    ours = current_artifacts(paths, our_pipeline(paths))
    model = paths.models_dir / ours.model.name.replace("nlu-", "peer-")
    if model.exists():
        return model
    log("Training the peer's full Rasa model (NLU + rules) on the same data…")
    from bot import rasa_environment

    rasa_environment.quiet_libraries()
    from rasa.model_training import train

    build = paths.build_dir / "nlu"
    result = train(
        domain=str(build / "domain.yml"),
        config=str(paths.config),
        training_files=[str(build / "data")],
        output=str(paths.models_dir),
        fixed_model_name=model.name.removesuffix(".tar.gz"),
    )
    if not result.model or not Path(result.model).exists():
        raise RuntimeError("Rasa did not produce the peer model")
    return Path(result.model)


def run_load(url: str, total: int, concurrency: int, label: str, rate: float | None = None) -> dict:
    output = subprocess.run(  # noqa: S603 (our own script)
        [
            PYTHON,
            str(ROOT / "bench" / "webhook_load.py"),
            url,
            APP_SECRET,
            str(total),
            str(concurrency),
            label,
            *([str(rate)] if rate else []),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)


def wait_for_replies(fake: FakeGraphApi, count: int, timeout: float) -> float:
    """Seconds until ``count`` recipients got their first reply (or the timeout)."""
    started = time.time()
    while len(fake.first_reply_at) < count and time.time() - started < timeout:
        time.sleep(0.05)
    return time.time() - started


def ack_figures(results: list[dict]) -> dict:
    acked = [r["ack_ms"] for r in results if r["status"] == 200]
    return {
        "acked_200": len(acked),
        "ack_p50_ms": round(percentile(acked, 0.50), 2),
        "ack_p99_ms": round(percentile(acked, 0.99), 2),
    }


def measure(
    name: str, url: str, fake: FakeGraphApi, total: int, concurrency: int, rate: float
) -> dict:
    fake.reset()
    run_load(url, min(50, total), min(4, concurrency), f"{name}-warm")
    wait_for_replies(fake, min(50, total), 300)

    fake.reset()
    burst = run_load(url, total, concurrency, f"{name}-burst")
    drained_in = wait_for_replies(fake, total, 600)
    answered_by = max(fake.first_reply_at.values(), default=time.time())
    first_sent = min(r["sent_at"] for r in burst["results"])
    throughput = {
        "requests": total,
        "concurrency": concurrency,
        **ack_figures(burst["results"]),
        "requests_per_s": round(burst["requests_per_s"], 1),
        "replied": len(fake.first_reply_at),
        "answers_per_s": round(len(fake.first_reply_at) / (answered_by - first_sent), 1),
    }
    log(f"{name} throughput: {throughput} (backlog drained {drained_in:.1f} s after the load)")

    fake.reset()
    count = max(50, int(rate * 15))
    steady = run_load(url, count, 32, f"{name}-steady", rate)
    wait_for_replies(fake, count, 300)
    end_to_end = [
        (fake.first_reply_at[r["sender"]] - r["sent_at"]) * 1000
        for r in steady["results"]
        if r["sender"] in fake.first_reply_at
    ]
    latency = {
        "rate_per_s": rate,
        "requests": count,
        **ack_figures(steady["results"]),
        "replied": len(end_to_end),
        "e2e_p50_ms": round(percentile(end_to_end, 0.50), 1),
        "e2e_p95_ms": round(percentile(end_to_end, 0.95), 1),
        "e2e_p99_ms": round(percentile(end_to_end, 0.99), 1),
        "platform_calls_per_reply": round(
            (fake.text_messages + fake.sender_actions) / max(1, len(end_to_end)), 2
        ),
    }
    log(f"{name} latency: {latency}")
    return {"throughput": throughput, "latency": latency}


@contextmanager
def our_server(graph_base: str, workdir: Path, database: Path) -> Iterator[str]:
    """Our gunicorn server on a free loopback port, Messenger only, its Graph API at
    ``graph_base``; yields its base URL once it is ready (the model loaded)."""
    port = free_port()
    environ = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "DATABASE_PATH": str(database),
        "FACEBOOK_APP_SECRET": APP_SECRET,
        "FACEBOOK_PAGE_ACCESS_TOKEN": "bench-page-token",
        "FACEBOOK_VERIFY_TOKEN": "bench-verify",
        "FACEBOOK_GRAPH_BASE": graph_base,
        "SIMULATOR_ENABLED": "false",
    }
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "app:create_app()",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "ours.log", "w"),  # noqa: SIM115
    )
    try:
        wait_until(f"http://127.0.0.1:{port}/readyz", 300, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(30)


def bench_ours(
    fake: FakeGraphApi, workdir: Path, total: int, concurrency: int, rate: float
) -> dict:
    with our_server(fake.base_url, workdir, workdir / "bench.db") as base_url:
        return measure("ours", f"{base_url}/webhooks/facebook", fake, total, concurrency, rate)


def bench_peer(
    fake: FakeGraphApi, workdir: Path, model: Path, total: int, concurrency: int, rate: float
) -> dict:
    port = free_port()
    credentials = workdir / "credentials.yml"
    credentials.write_text(
        "facebook:\n"
        "  verify: bench-verify\n"
        f"  secret: {APP_SECRET}\n"
        "  page-access-token: bench-page-token\n",
        encoding="utf-8",
    )
    server = subprocess.Popen(  # noqa: S603
        [
            PYTHON,
            str(ROOT / "bench" / "rasa_peer.py"),
            str(model),
            str(port),
            fake.base_url,
            str(credentials),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "peer.log", "w"),  # noqa: SIM115
    )
    try:
        wait_until(f"http://127.0.0.1:{port}/webhooks/facebook/", 600, server)
        return measure(
            "peer",
            f"http://127.0.0.1:{port}/webhooks/facebook/webhook",
            fake,
            total,
            concurrency,
            rate,
        )
    finally:
        server.terminate()
        server.wait(30)


def ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 2) if denominator else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=1000, help="events in the burst")
    parser.add_argument("--concurrency", type=int, default=16, help="clients in the burst")
    parser.add_argument(
        "--rate",
        type=float,
        default=3.0,
        help="events/s in the latency phase (Rasa's server saturates near 5/s here)",
    )
    parser.add_argument("--no-peer", action="store_true")
    arguments = parser.parse_args()
    paths = ProjectPaths()
    ensure_model(paths, our_pipeline(paths), progress=log)
    model = None if arguments.no_peer else peer_model(paths)
    load = (arguments.requests, arguments.concurrency, arguments.rate)
    fake = FakeGraphApi().start()
    figures: dict[str, object] = {"benchmark": "webhook"}
    with tempfile.TemporaryDirectory() as temporary:
        workdir = Path(temporary)
        ours = bench_ours(fake, workdir, *load)
        figures["ours"] = ours
        if model is not None:
            peer = bench_peer(fake, workdir, model, *load)
            figures["peer"] = peer
            figures["ratios"] = {
                "throughput_ours_over_peer": ratio(
                    ours["throughput"]["requests_per_s"], peer["throughput"]["requests_per_s"]
                ),
                "answers_per_s_ours_over_peer": ratio(
                    ours["throughput"]["answers_per_s"], peer["throughput"]["answers_per_s"]
                ),
                "ack_p99_peer_over_ours": ratio(
                    peer["latency"]["ack_p99_ms"], ours["latency"]["ack_p99_ms"]
                ),
                "e2e_p95_peer_over_ours": ratio(
                    peer["latency"]["e2e_p95_ms"], ours["latency"]["e2e_p95_ms"]
                ),
            }
    fake.stop()
    figures["targets"] = {"ack_p99_ms": 20, "e2e_p95_ms": 100, "throughput": ">= peer"}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
