"""A long training says how far along it is."""

import threading

from bot.training_progress import heartbeat, heartbeat_line, last_duration, record_duration


def test_the_first_training_says_the_time_spent():
    assert heartbeat_line("training", 40, None) == "… still training (40 s)"


def test_later_trainings_compare_with_the_last_one():
    line = heartbeat_line("training", 64, 256)
    assert line == "… still training (64 s of about 256 s last time, 25%)"
    assert heartbeat_line("training", 300, 256).endswith("99%)")  # slower than last time


def test_the_last_duration_is_remembered(tmp_path):
    record = tmp_path / "models" / ".ours-training-seconds"
    assert last_duration(record) is None
    record_duration(record, 255.6)
    assert last_duration(record) == 256


def test_the_heartbeat_speaks_while_the_work_goes_on():
    lines = []
    two_lines = threading.Event()

    def progress(line: str) -> None:
        lines.append(line)
        if len(lines) >= 2:
            two_lines.set()

    with heartbeat(progress, "training", 10, every=0.05):
        assert two_lines.wait(10), lines
    assert len(lines) >= 2 and lines[0].startswith("… still training (0 s of about 10 s")
