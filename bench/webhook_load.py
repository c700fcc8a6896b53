"""Load generator (run as its own process): signed Messenger webhook posts, closed loop.

``python bench/webhook_load.py URL APP_SECRET REQUESTS CONCURRENCY LABEL [RATE]`` prints one
JSON object: per-request send times and ack latencies, and the achieved rate. Without RATE
it is a closed loop (CONCURRENCY clients, each sending as soon as its last post was
acknowledged: the maximum rate); with RATE it is an open loop sending RATE posts per
second whatever the server does (latency at a given load).
Each request comes from its own sender id, so the fake platform can time its reply.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import threading
import time
from collections.abc import Callable

import requests

QUESTIONS = [
    "dang ky tam tru o dau",
    "Thủ tục đăng ký kết hôn cần giấy tờ gì?",
    "mất căn cước làm lại thế nào",
    "muc phat nong do con xe may",
    "rút bhxh 1 lần cần gì",
    "thời tiết hôm nay thế nào",
]


def messenger_body(
    sender: str, mid: str, text: str, now_ms: int, payload: str | None = None
) -> dict:
    """One Messenger message as the platform posts it: typed text, or a tapped quick
    reply when ``payload`` is given (Messenger sends the button's title as the text)."""
    message: dict = {"mid": mid, "text": text}
    if payload is not None:
        message["quick_reply"] = {"payload": payload}
    return {
        "object": "page",
        "entry": [
            {
                "id": "PAGE",
                "time": now_ms,
                "messaging": [
                    {
                        "sender": {"id": sender},
                        "recipient": {"id": "PAGE"},
                        "timestamp": now_ms,
                        "message": message,
                    }
                ],
            }
        ],
    }


def signed(body: dict, app_secret: str) -> tuple[bytes, dict]:
    """The raw bytes to post and the headers that sign them with the app secret."""
    raw = json.dumps(body, ensure_ascii=False).encode()
    key = app_secret.encode()
    headers = {
        "Content-Type": "application/json",
        "X-Hub-Signature-256": "sha256=" + hmac.new(key, raw, hashlib.sha256).hexdigest(),
        # Rasa's connector still checks the SHA-1 header.
        "X-Hub-Signature": "sha1=" + hmac.new(key, raw, hashlib.sha1).hexdigest(),
    }
    return raw, headers


def signed_event(label: str, number: int, app_secret: str) -> tuple[bytes, dict]:
    sender = f"{label}-{number}"
    text = QUESTIONS[number % len(QUESTIONS)]
    return signed(messenger_body(sender, f"m_{sender}", text, int(time.time() * 1000)), app_secret)


def post(session: requests.Session, url: str, raw: bytes, headers: dict) -> dict:
    """One signed post: when it was sent, its ack latency and status (0: no answer)."""
    started = time.time()
    try:
        status = session.post(url, data=raw, headers=headers, timeout=60).status_code
    except requests.RequestException:
        status = 0
    return {"sent_at": started, "ack_ms": (time.time() - started) * 1000, "status": status}


Work = Callable[[int, requests.Session], list[dict]]


def closed_loop(
    total: int, concurrency: int, work: Work, rate: float | None = None
) -> tuple[list[dict], float]:
    """Runs ``work(number, session)`` for numbers 0 to total - 1 on ``concurrency``
    clients, each taking the next number as soon as its last is done; with ``rate``,
    number n starts no earlier than n / rate seconds in. Returns every record the work
    returned and the seconds it all took."""
    results: list[dict] = []
    lock = threading.Lock()
    counter = iter(range(total))
    began = time.time()

    def client() -> None:
        session = requests.Session()
        while True:
            with lock:
                number = next(counter, None)
            if number is None:
                return
            if rate:
                # Open loop: post number n is due at n / rate seconds, late or not.
                time.sleep(max(0.0, began + number / rate - time.time()))
            records = work(number, session)
            with lock:
                results.extend(records)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.time() - began


def run(
    url: str, app_secret: str, total: int, concurrency: int, label: str, rate: float | None
) -> dict:
    def one_post(number: int, session: requests.Session) -> list[dict]:
        raw, headers = signed_event(label, number, app_secret)
        return [{"sender": f"{label}-{number}", **post(session, url, raw, headers)}]

    results, elapsed = closed_loop(total, concurrency, one_post, rate)
    return {"elapsed_s": elapsed, "requests_per_s": total / elapsed, "results": results}


if __name__ == "__main__":
    url, secret, total, concurrency, label = sys.argv[1:6]
    rate = float(sys.argv[6]) if len(sys.argv) > 6 else None
    print(json.dumps(run(url, secret, int(total), int(concurrency), label, rate)))  # noqa: T201
