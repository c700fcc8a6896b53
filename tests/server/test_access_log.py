"""Which requests are routine polls, logged below INFO."""

import pytest

from server.access_log import is_routine_poll
from server.plain_output import without_colour


@pytest.mark.parametrize(
    ("method", "path", "status", "routine"),
    [
        ("GET", "/simulator/replies", "200 OK", True),
        ("GET", "/console/broadcasts/12/progress", "200 OK", True),
        ("GET", "/readyz", "200 OK", True),
        ("GET", "/readyz", "503 SERVICE UNAVAILABLE", False),  # not ready: news
        ("GET", "/simulator/replies", "403 FORBIDDEN", False),
        ("POST", "/simulator/messages", "202 ACCEPTED", False),
        ("GET", "/console/broadcasts/12", "200 OK", False),
        ("POST", "/webhooks/zalo", "200 OK", False),
    ],
)
def test_only_successful_polls_are_routine(method, path, status, routine):
    assert is_routine_poll(method, path, status) is routine


def test_colour_codes_are_dropped_and_the_words_kept():
    assert without_colour("\x1b[1;33mWARNING\x1b[0m model loaded") == "WARNING model loaded"
