"""Lockout and per-address limits live in the database: atomic under parallel requests."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from occlusion.errors import SignInError, TooManyAttempts
from occlusion.services import accounts, lockout
from occlusion.services.passwords import TEST_POLICY, PasswordPolicy
from occlusion.store.engine import Database
from tests.web.conftest import PASSWORD, START

#: Costly enough that eight guesses overlap in time, as they did with the default policy.
SLOW_POLICY = PasswordPolicy(time_cost=2, memory_cost_kib=4096, parallelism=1)


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every Argon2 verification against a real (non-dummy) hash."""
    checked: list[str] = []
    real = accounts.verify_password
    lock = threading.Lock()

    def counting(stored: str, password: str, policy: PasswordPolicy) -> bool:
        if stored not in accounts._DUMMY_HASHES.values():
            with lock:
                checked.append(password)
        return real(stored, password, policy)

    monkeypatch.setattr(accounts, "verify_password", counting)
    return checked


def test_parallel_wrong_passwords_never_check_more_than_the_limit(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.sign_up(
        database,
        email="race@example.org",
        password=PASSWORD,
        display_name="Race",
        role="athlete",
        policy=SLOW_POLICY,
        now=START,
    )
    checked = _count_checks(monkeypatch)
    barrier = threading.Barrier(8)

    def guess(number: int) -> str:
        barrier.wait()
        try:
            accounts.sign_in(
                database,
                email="race@example.org",
                password=f"guess number {number}",
                policy=SLOW_POLICY,
                now=START,
            )
        except SignInError as refusal:
            return refusal.code
        return "signed in"

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(guess, range(8)))
    assert answers == ["account.sign-in-refused"] * 8
    assert len(checked) <= lockout.MAX_FAILED_SIGN_INS
    # Locked: even the right password is not checked now.
    with pytest.raises(SignInError):
        accounts.sign_in(
            database, email="race@example.org", password=PASSWORD, policy=SLOW_POLICY, now=START
        )
    assert len(checked) <= lockout.MAX_FAILED_SIGN_INS


def test_the_pause_ends_and_the_count_restarts(database: Database) -> None:
    account = accounts.sign_up(
        database,
        email="pause@example.org",
        password=PASSWORD,
        display_name="Pause",
        role="athlete",
        policy=TEST_POLICY,
        now=START,
    )
    for _ in range(lockout.MAX_FAILED_SIGN_INS):
        with pytest.raises(SignInError):
            accounts.sign_in(
                database,
                email="pause@example.org",
                password="not the one",
                policy=TEST_POLICY,
                now=START,
            )
    with pytest.raises(SignInError):
        accounts.sign_in(
            database, email="pause@example.org", password=PASSWORD, policy=TEST_POLICY, now=START
        )
    # A signed-in browser's password check (deletion, change) shares the pause.
    with pytest.raises(SignInError) as paused:
        accounts.check_own_password(database, account, PASSWORD, policy=TEST_POLICY, now=START)
    assert paused.value.code == "account.paused"
    later = START + timedelta(seconds=lockout.LOCKOUT_S + 1)
    accounts.sign_in(
        database, email="pause@example.org", password=PASSWORD, policy=TEST_POLICY, now=later
    )
    # After the pause a full set of attempts is available again.
    for _ in range(lockout.MAX_FAILED_SIGN_INS - 1):
        with pytest.raises(SignInError):
            accounts.sign_in(
                database,
                email="pause@example.org",
                password="not the one",
                policy=TEST_POLICY,
                now=later,
            )
    accounts.sign_in(
        database, email="pause@example.org", password=PASSWORD, policy=TEST_POLICY, now=later
    )


def test_deletion_password_is_limited_like_sign_in(database: Database) -> None:
    account = accounts.sign_up(
        database,
        email="delete@example.org",
        password=PASSWORD,
        display_name="Delete",
        role="athlete",
        policy=TEST_POLICY,
        now=START,
    )
    codes = []
    for number in range(lockout.MAX_FAILED_SIGN_INS + 2):
        with pytest.raises(SignInError) as refused:
            accounts.delete_account(
                database, account, password=f"guess {number}", policy=TEST_POLICY, now=START
            )
        codes.append(refused.value.code)
    assert (
        codes
        == ["account.wrong-own-password"] * lockout.MAX_FAILED_SIGN_INS + ["account.paused"] * 2
    )
    with pytest.raises(SignInError):
        accounts.delete_account(database, account, password=PASSWORD, policy=TEST_POLICY, now=START)


def test_parallel_attempts_from_one_address_stop_at_the_limit(database: Database) -> None:
    limit = lockout.AttemptLimit(database, "sign-up", 5, 60.0, Clock())
    barrier = threading.Barrier(8)

    def attempt(_: int) -> bool:
        barrier.wait()
        try:
            limit.check("10.0.0.1")
        except TooManyAttempts:
            return False
        return True

    with ThreadPoolExecutor(8) as pool:
        allowed = list(pool.map(attempt, range(8)))
    assert sum(allowed) == 5


def test_limit_then_a_new_window(database: Database) -> None:
    clock = Clock()
    limit = lockout.AttemptLimit(database, "sign-in", 3, 60.0, clock)
    for _ in range(3):
        limit.check("10.0.0.1")
    with pytest.raises(TooManyAttempts) as refused:
        limit.check("10.0.0.1")
    assert refused.value.retry_after_s == pytest.approx(60.0)
    limit.check("10.0.0.2")  # another address has its own budget
    lockout.AttemptLimit(database, "sign-up", 3, 60.0, clock).check("10.0.0.1")  # another purpose
    clock.moment += timedelta(seconds=60)
    limit.check("10.0.0.1")


def test_invalid_settings_are_refused(database: Database) -> None:
    with pytest.raises(ValueError):
        lockout.AttemptLimit(database, "x", 0, 60.0, Clock())
    with pytest.raises(ValueError):
        lockout.AttemptLimit(database, "x", 3, 0.0, Clock())


@settings(max_examples=30, deadline=None)
@given(
    limit=st.integers(1, 6),
    gaps=st.lists(st.floats(0.0, 30.0, allow_nan=False), min_size=1, max_size=30),
)
def test_never_more_than_limit_attempts_in_a_window(
    tmp_path_factory: pytest.TempPathFactory, limit: int, gaps: list[float]
) -> None:
    from occlusion.store.engine import open_database

    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('limit') / 'log.db'}")
    clock = Clock()
    window = 20.0
    attempt_limit = lockout.AttemptLimit(database, "sign-in", limit, window, clock)
    accepted: list[float] = []
    window_start: float | None = None
    now = 0.0
    try:
        for gap in gaps:
            now += gap
            clock.moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=now)
            if window_start is None or now - window_start >= window:
                window_start = now
            try:
                attempt_limit.check("client")
            except TooManyAttempts as refusal:
                assert 0 < refusal.retry_after_s <= window
                # A refusal only happens when this window really is full.
                assert sum(1 for t in accepted if t >= window_start) >= limit
                continue
            accepted.append(now)
            assert sum(1 for t in accepted if t >= window_start) <= limit
    finally:
        database.close()
