"""gunicorn's access log without the routine polls: Chat thử asks for replies every
400 ms and a broadcast's page for its progress every 1.5 s, which made most of the log.
A successful poll is logged at DEBUG; a failed one, and every other request, at INFO.
"""

from __future__ import annotations

import logging

from gunicorn import glogging

# (method, path prefix, path suffix) of the requests pages and monitors repeat.
ROUTINE_POLLS = (
    ("GET", "/simulator/replies", ""),
    ("GET", "/console/broadcasts/", "/progress"),
    ("GET", "/healthz", ""),
    ("GET", "/readyz", ""),
)


def is_routine_poll(method: str, path: str, status: str) -> bool:
    """Pure: a successful repeat of a poll (a failed one is news and stays at INFO)."""
    if not status.startswith(("200", "304")):
        return False
    return any(
        method == wanted and path.startswith(prefix) and path.endswith(suffix)
        for wanted, prefix, suffix in ROUTINE_POLLS
    )


class AccessLogger(glogging.Logger):
    """Named in gunicorn.conf.py as ``logger_class``."""

    def access(self, resp, req, environ, request_time) -> None:
        routine = is_routine_poll(
            environ.get("REQUEST_METHOD", ""),
            environ.get("PATH_INFO", ""),
            str(getattr(resp, "status", "") or ""),
        )
        if not routine:
            super().access(resp, req, environ, request_time)
            return
        if self.access_log_enabled and self.access_log.isEnabledFor(logging.DEBUG):
            atoms = self.atoms_wrapper_class(self.atoms(resp, req, environ, request_time))
            self.access_log.debug(self.cfg.access_log_format, atoms)
