"""The signed-in officer as Flask-Login sees them.

The session holds the username and the account's session epoch; a password change or
deactivation bumps the epoch, so every session opened before it stops working at its
next request (Flask's sessions are cookies and cannot be revoked otherwise).
"""

from __future__ import annotations

from flask_login import UserMixin

from console.accounts import Account


class ConsoleUser(UserMixin):
    def __init__(self, account: Account) -> None:
        self.account = account

    @property
    def officer(self):
        return self.account.officer

    def get_id(self) -> str:
        return f"{self.account.username}|{self.account.session_epoch}"


def session_key(user_id: str) -> tuple[str, int] | None:
    """Pure: (username, epoch) from the id stored in the session, or None if malformed."""
    username, separator, epoch = user_id.rpartition("|")
    if not separator or not username or not epoch.isdigit():
        return None
    return username, int(epoch)
