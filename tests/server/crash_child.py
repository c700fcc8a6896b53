"""A server process that dies mid-work, for the crash-recovery tests.

``python -m tests.server.crash_child <database> <mode>``:
- ``while-answering``: stores a webhook event, then hangs inside the assistant after
  writing ``<database>.answering``; the test kills it with SIGKILL there.
- ``before-sending``: stores and answers an event, fails to reach the platform (nothing
  listens on the Graph API address), then kills itself with SIGKILL.
- ``mid-send``: stores and answers an event; its fake Graph API (a local HTTP server in
  this process) notes the reply in ``<database>.received`` and kills the process with
  SIGKILL before answering, i.e. between the request and its record.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from app import create_app
from server.services import services_of
from server.settings import Settings
from tests.server.support import (
    BASE_ENV,
    FACEBOOK_ENV,
    ScriptedParser,
    assistant_factory,
    facebook_text_event,
    post_facebook,
    worker_of,
)


class _DyingGraphApi(BaseHTTPRequestHandler):
    received: Path

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with self.received.open("ab") as file:
            file.write(body + b"\n")
        os.kill(os.getpid(), signal.SIGKILL)


def _dying_graph_api(database: str) -> str:
    _DyingGraphApi.received = Path(f"{database}.received")
    server = HTTPServer(("127.0.0.1", 0), _DyingGraphApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def main(database: str, mode: str) -> None:
    hang = threading.Event()

    def on_parse(text: str) -> None:
        if mode == "while-answering":
            Path(f"{database}.answering").write_text("yes")
            hang.wait()

    environ = {
        **BASE_ENV,
        **FACEBOOK_ENV,
        "DATABASE_PATH": database,
        "FACEBOOK_GRAPH_BASE": (
            _dying_graph_api(database) if mode == "mid-send" else "http://127.0.0.1:9"
        ),
    }
    app = create_app(
        Settings.from_environ(environ), assistant_factory(ScriptedParser(on_parse)), False
    )
    services_of(app).holder.load()
    response = post_facebook(app.test_client(), facebook_text_event("tam tru", "m_crash"))
    assert response.status_code == 200
    worker_of(app).process_due()
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main(*sys.argv[1:3])
