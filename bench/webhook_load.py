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

import requests

QUESTIONS = [
    "dang ky tam tru o dau",
    "Thủ tục đăng ký kết hôn cần giấy tờ gì?",
    "mất căn cước làm lại thế nào",
    "muc phat nong do con xe may",
    "rút bhxh 1 lần cần gì",
    "thời tiết hôm nay thế nào",
]


def signed_event(label: str, number: int, app_secret: str) -> tuple[bytes, dict]:
    sender = f"{label}-{number}"
    now_ms = int(time.time() * 1000)
    body = {
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
                        "message": {
                            "mid": f"m_{sender}",
                            "text": QUESTIONS[number % len(QUESTIONS)],
                        },
                    }
                ],
            }
        ],
    }
    raw = json.dumps(body, ensure_ascii=False).encode()
    key = app_secret.encode()
    headers = {
        "Content-Type": "application/json",
        "X-Hub-Signature-256": "sha256=" + hmac.new(key, raw, hashlib.sha256).hexdigest(),
        # Rasa's connector still checks the SHA-1 header.
        "X-Hub-Signature": "sha1=" + hmac.new(key, raw, hashlib.sha1).hexdigest(),
    }
    return raw, headers


def run(
    url: str, app_secret: str, total: int, concurrency: int, label: str, rate: float | None
) -> dict:
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
            raw, headers = signed_event(label, number, app_secret)
            started = time.time()
            try:
                status = session.post(url, data=raw, headers=headers, timeout=60).status_code
            except requests.RequestException:
                status = 0
            finished = time.time()
            with lock:
                results.append(
                    {
                        "sender": f"{label}-{number}",
                        "sent_at": started,
                        "ack_ms": (finished - started) * 1000,
                        "status": status,
                    }
                )

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - began
    return {"elapsed_s": elapsed, "requests_per_s": total / elapsed, "results": results}


if __name__ == "__main__":
    url, secret, total, concurrency, label = sys.argv[1:6]
    rate = float(sys.argv[6]) if len(sys.argv) > 6 else None
    print(json.dumps(run(url, secret, int(total), int(concurrency), label, rate)))  # noqa: T201
