"""The project's gunicorn settings, served for real: no software banner in responses, a
readable log (no colour codes, routine polls below INFO) and no files in the home folder."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import requests

from tests.timing import wait_until

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answered(server: subprocess.Popen, url: str) -> requests.Response | None:
    """The response, or None while the real gunicorn process is still starting."""
    try:
        return requests.get(url, timeout=2)
    except requests.ConnectionError:
        assert server.poll() is None, "gunicorn stopped"
        return None


def test_responses_do_not_name_gunicorn_or_its_version():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tests.server.banner_app:app"],
        cwd=ROOT,
        env={**os.environ, "BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        response = wait_until(lambda: answered(server, url), 30, "gunicorn to start")
        assert response.text == "ok"
        assert "gunicorn" not in response.headers.get("Server", "").lower()
    finally:
        server.terminate()
        server.wait(10)


def serve_noisy_app(tmp_path, paths: list[str]) -> str:
    """Serves tests/server/noisy_app.py with the project's settings, output to a file as
    ``scripts/run > server.log`` would; requests the paths, stops, returns the log."""
    port = free_port()
    home = tmp_path / "home"
    home.mkdir()
    environment = {key: value for key, value in os.environ.items() if key != "XDG_RUNTIME_DIR"}
    with open(tmp_path / "server.log", "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
             "tests.server.noisy_app:app"],
            cwd=ROOT,
            env={**environment, "BIND": f"127.0.0.1:{port}", "HOME": str(home)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            for path in paths:
                url = f"http://127.0.0.1:{port}{path}"
                wait_until(lambda url=url: answered(server, url), 30, "gunicorn to start")
        finally:
            server.terminate()
            server.wait(10)
    return (tmp_path / "server.log").read_text()


def test_the_log_file_has_no_colour_codes_and_no_routine_polls(tmp_path):
    polls = ["/simulator/replies?after=3", "/console/broadcasts/7/progress", "/readyz"]
    log = serve_noisy_app(tmp_path, ["/simulator", *polls, "/webhooks/zalo"])
    assert "loaded the model for /simulator" in log  # the app's own line, plain
    assert "\x1b[" not in log
    assert '"GET /simulator HTTP/1.1" 200' in log
    assert '"GET /webhooks/zalo HTTP/1.1" 200' in log
    assert "/simulator/replies" not in log.replace("loaded the model for /simulator/replies", "")
    assert '"GET /readyz' not in log and "/progress HTTP" not in log


def test_no_control_socket_is_made_in_the_home_folder(tmp_path):
    serve_noisy_app(tmp_path, ["/"])
    assert list((tmp_path / "home").iterdir()) == []
