"""The project's gunicorn settings, served for real: no software banner in responses, a
readable log (no colour codes, routine polls below INFO) and no files in the home folder."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
        deadline = time.time() + 30
        while True:
            try:
                response = requests.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except requests.ConnectionError:
                assert time.time() < deadline and server.poll() is None
                time.sleep(0.1)
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
            deadline = time.time() + 30
            for path in paths:
                while True:
                    try:
                        requests.get(f"http://127.0.0.1:{port}{path}", timeout=2)
                        break
                    except requests.ConnectionError:
                        assert time.time() < deadline and server.poll() is None
                        time.sleep(0.1)
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
