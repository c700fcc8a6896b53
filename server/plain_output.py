"""No terminal colour codes in log files: Rasa and its libraries colour their lines
whether or not a terminal reads them, and "\\x1b[33m" in a file helps nobody."""

from __future__ import annotations

import re
import sys
from typing import TextIO

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def without_colour(text: str) -> str:
    """Pure: the text with every ANSI escape sequence removed."""
    return _ANSI.sub("", text)


class PlainStream:
    """A text stream that drops colour codes and passes everything else through."""

    def __init__(self, target: TextIO) -> None:
        self._target = target

    def write(self, text: str) -> int:
        self._target.write(without_colour(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._target, name)


def plain_when_redirected() -> None:
    """Wraps stdout and stderr when they go to a file or a pipe, not a terminal. Call it
    before any logging handler is made: handlers keep the stream they were given."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, PlainStream) and not stream.isatty():
            setattr(sys, name, PlainStream(stream))
