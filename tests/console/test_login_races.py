"""Parallel guesses against one account: the lock must hold however requests interleave."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from console.accounts import AccountStore, LoginOutcome, LoginPolicy
from kernel.identity import Role
from server.services import open_database
from server.settings import Settings

RIGHT = "mat-khau-dung-2026"


def test_sixteen_parallel_clients_never_get_past_the_lock(tmp_path):
    database = open_database(Settings.from_environ({"DATABASE_PATH": str(tmp_path / "a.db")}))
    policy = LoginPolicy(max_failures=5, lockout_seconds=900, max_failures_per_address=10_000)
    AccountStore(database, policy).create("thu", RIGHT, Role.COMMUNICATION_OFFICER)
    guesses = [f"sai-mat-khau-{n}" for n in range(100)]
    guesses[19] = RIGHT
    start = threading.Barrier(16)

    def attempt(password: str) -> LoginOutcome:
        store = AccountStore(database, policy)
        return store.authenticate("thu", password, f"10.0.0.{hash(password) % 200}").outcome

    def client(offset: int) -> list[tuple[str, LoginOutcome]]:
        start.wait()
        return [(p, attempt(p)) for p in guesses[offset::16]]

    with ThreadPoolExecutor(16) as pool:
        results = [r for batch in pool.map(client, range(16)) for r in batch]
    outcomes = dict(results)
    wrong_checked = sum(1 for _, outcome in results if outcome is LoginOutcome.WRONG)
    assert wrong_checked < policy.max_failures
    assert outcomes[RIGHT] is not LoginOutcome.OK
    after = AccountStore(database, policy).authenticate("thu", RIGHT, "10.0.0.250")
    assert after.outcome in (LoginOutcome.LOCKED, LoginOutcome.THROTTLED)


def test_the_lock_ends_after_its_time_and_the_right_password_then_works(tmp_path):
    database = open_database(Settings.from_environ({"DATABASE_PATH": str(tmp_path / "a.db")}))
    now = [1_000_000.0]
    store = AccountStore(database, LoginPolicy(3, 60), clock=lambda: now[0])
    store.create("lan", RIGHT, Role.COMMUNE_OFFICIAL, frozenset({"00070"}))
    outcomes = [store.authenticate("lan", "sai-mat-khau-1").outcome for _ in range(3)]
    assert outcomes == [LoginOutcome.WRONG, LoginOutcome.WRONG, LoginOutcome.LOCKED]
    assert store.authenticate("lan", RIGHT).outcome is LoginOutcome.LOCKED
    now[0] += 61
    assert store.authenticate("lan", RIGHT).outcome is LoginOutcome.OK
    assert store.get("lan").failed_logins == 0
