"""Console accounts: passwords, lockout after repeated failures, deactivation.

Passwords are hashed with Werkzeug's scrypt (``werkzeug.security``). Every sign-in
attempt costs exactly one hash check, whatever the outcome, so timing reveals neither
who exists nor who is locked. After ``max_failures`` wrong passwords in a row the
account is locked for a while; a lock is lifted by time or by an administrator.

Parallel guesses must not beat the lock: an attempt is *reserved* (counted as a failure,
and the lock set by the attempt that reaches the limit) in one write transaction before
its password is checked, and a right password then clears the count. So at most
``max_failures`` passwords are ever checked per lock, however many requests race.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from werkzeug.security import check_password_hash, generate_password_hash

from broadcasts.officers import OfficerStore
from broadcasts.storage import Storage
from console.login_throttle import LoginThrottle
from kernel.identity import Officer, Role

MIN_PASSWORD_LENGTH = 10
# Computed once: the hash checked when the username is unknown.
_DUMMY_HASH = generate_password_hash("not a password of anyone")


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    lockout_seconds: float = 15 * 60
    # Failures from one address within the lockout window before it must wait: slows one
    # guess at each of many accounts, which no single account's lock would notice.
    max_failures_per_address: int = 20


class LoginOutcome(Enum):
    OK = "ok"
    WRONG = "wrong"  # unknown user or wrong password: the same answer for both
    LOCKED = "locked"
    THROTTLED = "throttled"  # too many failures from this address or for this name
    INACTIVE = "inactive"


@dataclass(frozen=True)
class Account:
    officer: Officer
    display_name: str
    fields: tuple[str, ...]
    active: bool
    failed_logins: int
    locked_until: float | None
    session_epoch: int
    last_login_at: float | None

    @property
    def username(self) -> str:
        return self.officer.username


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    account: Account | None = None
    locked_until: float | None = None


def password_problem(password: str) -> str | None:
    """Why a new password is refused (in Vietnamese), or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if password.isdigit() or password.isalpha():
        return "Mật khẩu cần có cả chữ và số hoặc ký tự khác."
    return None


def lock_after(failures: int, now: float, policy: LoginPolicy) -> float | None:
    """Pure: until when the account is locked after ``failures`` wrong passwords."""
    return now + policy.lockout_seconds if failures >= policy.max_failures else None


class AccountError(ValueError):
    """A request the account rules refuse; the message is for the operator."""


class AccountStore:
    def __init__(
        self,
        database: Storage,
        policy: LoginPolicy | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._database = database
        self._officers = OfficerStore(database)
        self.policy = policy or LoginPolicy()
        self._clock = clock
        self._throttle = LoginThrottle(
            window_seconds=self.policy.lockout_seconds,
            per_address=self.policy.max_failures_per_address,
            per_username=self.policy.max_failures,
        )

    def create(
        self,
        username: str,
        password: str,
        role: Role,
        communes: frozenset[str] = frozenset(),
        display_name: str = "",
        fields: tuple[str, ...] = (),
    ) -> Account:
        username = username.strip()
        if self._row(username) is not None:
            raise AccountError(f"Tài khoản “{username}” đã có.")
        problem = password_problem(password)
        if problem:
            raise AccountError(problem)
        officer = self._officers.add(username, role, communes)
        with self._database.transaction() as db:
            db.execute(
                "INSERT INTO console_accounts (username, display_name, password_hash, fields, "
                "created_at) VALUES (?, ?, ?, ?, ?)",
                (
                    officer.username,
                    display_name.strip() or officer.username,
                    generate_password_hash(password),
                    json.dumps(list(fields)),
                    self._clock(),
                ),
            )
        return self.get(officer.username)

    def get(self, username: str) -> Account:
        row = self._row(username)
        if row is None:
            raise LookupError(f"Không có tài khoản “{username}”.")
        return self._account(row)

    def find(self, username: str) -> Account | None:
        row = self._row(username)
        return self._account(row) if row is not None else None

    def all(self) -> list[Account]:
        rows = self._database.db.execute(
            f"{_SELECT} ORDER BY a.username"  # noqa: S608 (fixed query)
        ).fetchall()
        return [self._account(row) for row in rows]

    def authenticate(self, username: str, password: str, address: str = "") -> LoginResult:
        """Checks one sign-in attempt; see the module docstring for why it reserves first."""
        username = username.strip()
        now = self._clock()
        with self._database.transaction() as db:
            refusal, row = self._reserve(db, username, address, now)
        # One hash check whatever the outcome, so timing tells nothing.
        matches = check_password_hash(row[_HASH] if row else _DUMMY_HASH, password)
        if refusal is not None:
            return refusal
        if row is None:
            return LoginResult(LoginOutcome.WRONG)
        account = self._account(row)
        if not matches:
            if account.locked_until is not None:
                return LoginResult(LoginOutcome.LOCKED, account, account.locked_until)
            return LoginResult(LoginOutcome.WRONG, account)
        with self._database.transaction() as db:
            self._throttle.forget(db, username)
            db.execute(
                "UPDATE console_accounts SET failed_logins = 0, locked_until = NULL, "
                "last_login_at = CASE WHEN active = 1 THEN ? ELSE last_login_at END "
                "WHERE username = ?",
                (now, account.username),
            )
        if not account.active:
            return LoginResult(LoginOutcome.INACTIVE, account)
        return LoginResult(LoginOutcome.OK, self.get(account.username))

    def _reserve(
        self, db, username: str, address: str, now: float
    ) -> tuple[LoginResult | None, tuple | None]:
        """Inside the caller's write transaction: a refusal (locked account, throttled
        address or name), or the account's row with this attempt counted (None if the
        name is unknown)."""
        row = db.execute(f"{_SELECT} WHERE a.username = ?", (username,)).fetchone()  # noqa: S608
        if row is not None:
            account = self._account(row)
            if account.locked_until is not None and account.locked_until > now:
                return LoginResult(LoginOutcome.LOCKED, account, account.locked_until), None
        if self._throttle.reserve(db, address, username, now):
            return LoginResult(LoginOutcome.THROTTLED), None
        return None, (self._count_attempt(db, row, now) if row is not None else None)

    def _count_attempt(self, db, row: tuple, now: float) -> tuple:
        """Inside the caller's write transaction: counts this attempt as a failure before
        its password is checked, locking the account if it reaches the limit."""
        account = self._account(row)
        previous = 0 if account.locked_until is not None else account.failed_logins
        failures = previous + 1
        db.execute(
            "UPDATE console_accounts SET failed_logins = ?, locked_until = ? WHERE username = ?",
            (failures, lock_after(failures, now, self.policy), account.username),
        )
        return db.execute(  # noqa: S608 (fixed query)
            f"{_SELECT} WHERE a.username = ?", (account.username,)
        ).fetchone()

    def set_password(self, username: str, password: str) -> None:
        problem = password_problem(password)
        if problem:
            raise AccountError(problem)
        self._require(username)
        self._update(
            "UPDATE console_accounts SET password_hash = ?, failed_logins = 0, "
            "locked_until = NULL, session_epoch = session_epoch + 1 WHERE username = ?",
            (generate_password_hash(password), username),
        )

    def unlock(self, username: str) -> None:
        self._require(username)
        with self._database.transaction() as db:
            self._throttle.forget(db, username)
            db.execute(
                "UPDATE console_accounts SET failed_logins = 0, locked_until = NULL "
                "WHERE username = ?",
                (username,),
            )

    def set_active(self, username: str, active: bool) -> None:
        self._require(username)
        self._update(
            "UPDATE console_accounts SET active = ?, session_epoch = session_epoch + 1 "
            "WHERE username = ?",
            (int(active), username),
        )

    def _require(self, username: str) -> None:
        if self._row(username) is None:
            raise LookupError(f"Không có tài khoản “{username}”.")

    def _row(self, username: str) -> tuple | None:
        return self._database.db.execute(
            f"{_SELECT} WHERE a.username = ?",  # noqa: S608 (fixed query)
            (username,),
        ).fetchone()

    def _update(self, sql: str, parameters: tuple) -> None:
        with self._database.transaction() as db:
            db.execute(sql, parameters)

    @staticmethod
    def _account(row: tuple) -> Account:
        (username, display_name, _hash, fields, active, failed, locked_until, epoch,
         last_login, role, communes) = row  # fmt: skip
        return Account(
            officer=Officer(username, Role(role), frozenset(json.loads(communes))),
            display_name=display_name,
            fields=tuple(json.loads(fields)),
            active=bool(active),
            failed_logins=failed,
            locked_until=locked_until,
            session_epoch=epoch,
            last_login_at=last_login,
        )


_SELECT = (
    "SELECT a.username, a.display_name, a.password_hash, a.fields, a.active, "
    "a.failed_logins, a.locked_until, a.session_epoch, a.last_login_at, o.role, o.communes "
    "FROM console_accounts a JOIN officers o ON o.username = a.username"
)
_HASH = 2
