"""Route guards: signed in, allowed by role, within commune scope. Each route calls
them on the server; the templates only mirror them to hide what would be refused."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app, request
from flask_login import current_user, login_required

from console.services import ConsoleServices
from kernel.identity import Officer
from kernel.permissions import Can, can


def services() -> ConsoleServices:
    return current_app.extensions["console"]


def officer() -> Officer:
    return current_user.officer


def require(capability: Can) -> Callable:
    """Signed in (else the login page) and allowed ``capability`` (else 403)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if not can(officer(), capability):
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


def audit(action: str, target: str | None = None, **detail) -> None:
    services().audit.record(officer().username, action, target, detail or None, request.remote_addr)


def audit_in(db, action: str, target: str | None = None, **detail) -> None:
    """In the caller's transaction."""
    services().audit.record_in(
        db, officer().username, action, target, detail or None, request.remote_addr
    )
