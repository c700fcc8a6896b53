"""A local stand-in for the Graph API: accepts Send API calls and records when each
recipient's first text reply arrived (sender actions are counted, not timed)."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeGraphApi:
    def __init__(self) -> None:
        self.first_reply_at: dict[str, float] = {}
        self.messages_by_recipient: Counter[str] = Counter()
        self.text_messages = 0
        self.sender_actions = 0
        self.last_message_at = 0.0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> FakeGraphApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    def reset(self) -> None:
        with self._lock:
            self.first_reply_at.clear()
            self.messages_by_recipient.clear()
            self.text_messages = self.sender_actions = 0

    def _record(self, body: dict) -> None:
        arrived = time.time()
        recipient = str((body.get("recipient") or {}).get("id"))
        with self._lock:
            if "message" in body:
                self.text_messages += 1
                self.messages_by_recipient[recipient] += 1
                self.last_message_at = arrived
                self.first_reply_at.setdefault(recipient, arrived)
            else:
                self.sender_actions += 1

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go in two writes; with Nagle on, the second waits for the
            # client's delayed ACK (~40 ms), which would be the fake's cost, not ours.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    body = {}
                fake._record(body if isinstance(body, dict) else {})
                reply = json.dumps({"recipient_id": "x", "message_id": "m_fake"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                """``/stats``: counts, for benchmarks that run the fake in its own process."""
                with fake._lock:
                    counts = fake.messages_by_recipient
                    stats = {
                        "text_messages": fake.text_messages,
                        "recipients": len(counts),
                        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
                        "last_message_at": fake.last_message_at,
                    }
                reply = json.dumps(stats).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


if __name__ == "__main__":
    # Its own process, so the fake's CPU does not count against what it measures.
    fake = FakeGraphApi()
    print(fake.base_url, flush=True)
    fake._server.serve_forever()
