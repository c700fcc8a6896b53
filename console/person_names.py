"""Who did something, as officers read it: an account's full name, or "hệ thống" for the
server's own jobs (``system:delivery``, ``system:scheduler``, ``system:feeds``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

SYSTEM_PREFIX = "system:"
SYSTEM_LABEL = "hệ thống"


def person_label(username: str | None, display_names: Mapping[str, str]) -> str:
    """Pure: the full name of an account, the username when it has no console account
    (officers added on the command line), "hệ thống" for a job of the server."""
    if not username:
        return ""
    if username.startswith(SYSTEM_PREFIX):
        return SYSTEM_LABEL
    return display_names.get(username) or username


def person_labeller(display_names: Callable[[], Mapping[str, str]]) -> Callable[[str | None], str]:
    """``person(username)`` for templates: reads the accounts once, at the first call."""
    loaded: list[Mapping[str, str]] = []

    def person(username: str | None) -> str:
        if not loaded:
            loaded.append(display_names())
        return person_label(username, loaded[0])

    return person
