"""The signed-in officer as Flask-Login sees them.

The session cookie holds the username, the account's session epoch and the id of the
server-side session (``console.sessions``). Logout deletes that session; a password
change or deactivation bumps the epoch, so every session opened before it stops working
at its next request as well.
"""

from __future__ import annotations

from flask_login import UserMixin

from console.accounts import Account


class ConsoleUser(UserMixin):
    def __init__(self, account: Account, session_id: str) -> None:
        self.account = account
        self.session_id = session_id

    @property
    def officer(self):
        return self.account.officer

    def get_id(self) -> str:
        return f"{self.account.username}|{self.account.session_epoch}|{self.session_id}"


def session_key(user_id: str) -> tuple[str, int, str] | None:
    """Pure: (username, epoch, session id) from the id stored in the cookie, or None."""
    rest, separator, session_id = user_id.rpartition("|")
    username, separator_2, epoch = rest.rpartition("|")
    if not (separator and separator_2 and username and session_id) or not epoch.isdigit():
        return None
    return username, int(epoch), session_id
