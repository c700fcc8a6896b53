"""What a long training says while it runs: a line every 20 seconds with the time spent
and, after the first training on this machine, how long the last one took, so a cold
``scripts/run`` shows how far along it is instead of minutes of silence."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HEARTBEAT_SECONDS = 20.0
Progress = Callable[[str], None]


def heartbeat_line(doing: str, elapsed: float, expected: float | None) -> str:
    """Pure: "… still training the ours model (60 s of about 256 s last time, 23 %)"."""
    if not expected:
        return f"… still {doing} ({elapsed:.0f} s)"
    share = min(elapsed / expected, 0.99)
    return f"… still {doing} ({elapsed:.0f} s of about {expected:.0f} s last time, {share:.0%})"


def last_duration(record: Path) -> float | None:
    """Seconds the last training took on this machine, if it was recorded."""
    try:
        seconds = float(record.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    return seconds if seconds > 0 else None


def record_duration(record: Path, seconds: float) -> None:
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(f"{seconds:.0f}\n", encoding="utf-8")


@contextlib.contextmanager
def heartbeat(
    progress: Progress, doing: str, expected: float | None, every: float = HEARTBEAT_SECONDS
) -> Iterator[None]:
    """Says every ``every`` seconds that work goes on."""
    done = threading.Event()
    started = time.monotonic()

    def beat() -> None:
        while not done.wait(every):
            progress(heartbeat_line(doing, time.monotonic() - started, expected))

    thread = threading.Thread(target=beat, name="training-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
