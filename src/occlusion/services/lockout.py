"""Limits on password guessing and floods, kept in the database so every worker process agrees.

Two limits apply together:

- **per account** (:func:`claim_password_check`): at most :data:`MAX_FAILED_SIGN_INS` password
  checks in a row may fail before the account pauses for :data:`LOCKOUT_S`. A check is *claimed*
  with one atomic ``UPDATE … SET failed_sign_ins = failed_sign_ins + 1 … RETURNING`` before the
  password is verified, so parallel guesses cannot all pass a count read before any was
  written; the claim that reaches the limit sets the lock at once, and a correct password lifts
  it (:func:`clear_failures`). Sign-in, account deletion and password change share the count.
- **per client address and purpose** (:class:`AttemptLimit`): at most ``limit`` attempts in a
  fixed window, counted by one atomic upsert (``INSERT … ON CONFLICT DO UPDATE … RETURNING``).
  This protects the server from one address trying many accounts or opening many.

Both statements run on SQLite (3.35 or later, for ``RETURNING``) and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, or_, update

from occlusion.errors import TooManyAttempts
from occlusion.store import timestamps
from occlusion.store.accounts import AttemptCounter, WebUser
from occlusion.store.engine import Database

#: Failed password checks in a row that pause an account.
MAX_FAILED_SIGN_INS = 5
#: How long a paused account stays paused [s].
LOCKOUT_S = 15 * 60


def claim_password_check(database: Database, user_id: uuid.UUID, *, now_utc: datetime) -> bool:
    """Count one password check against the account before it runs; ``False`` if paused.

    Parameters
    ----------
    now_utc
        The current time as a naive UTC datetime (the store's convention).

    Returns
    -------
    bool
        ``True`` when the check may run. The claim counts as a failure until
        :func:`clear_failures` records a correct password.
    """
    expired_lock = WebUser.locked_until.is_not(None)
    # Every SET expression reads the row as it was, so the new count is spelled out twice.
    new_count = case((expired_lock, 1), else_=WebUser.failed_sign_ins + 1)
    statement = (
        update(WebUser)
        .where(
            WebUser.id == user_id,
            or_(WebUser.locked_until.is_(None), WebUser.locked_until <= now_utc),
        )
        .values(
            failed_sign_ins=new_count,
            locked_until=case(
                (new_count >= MAX_FAILED_SIGN_INS, now_utc + timedelta(seconds=LOCKOUT_S)),
                else_=None,
            ),
        )
        .returning(WebUser.failed_sign_ins)
    )
    with database.session() as session:
        claimed = session.execute(statement, execution_options={"synchronize_session": False})
        return claimed.first() is not None


def clear_failures(database: Database, user_id: uuid.UUID) -> None:
    """Record a correct password: the failure count restarts and any pause ends."""
    with database.session() as session:
        session.execute(
            update(WebUser)
            .where(WebUser.id == user_id)
            .values(failed_sign_ins=0, locked_until=None),
            execution_options={"synchronize_session": False},
        )


def is_paused(row: WebUser, now_utc: datetime) -> bool:
    """Return whether the account of ``row`` is paused at ``now_utc`` (naive UTC)."""
    return row.locked_until is not None and row.locked_until > now_utc


class AttemptLimit:
    """At most ``limit`` attempts of one ``purpose`` per client address in each window.

    Parameters
    ----------
    database
        Where the counters live (shared by every worker process).
    purpose
        What is counted (``sign-in``, ``sign-up``, ``password``); each has its own counters.
    limit
        Attempts allowed per window.
    window_s
        Length of a window [s]; a client's window starts at its first attempt.
    clock
        Returns the current aware time.
    """

    def __init__(
        self,
        database: Database,
        purpose: str,
        limit: int,
        window_s: float,
        clock: Callable[[], datetime],
    ) -> None:
        if limit < 1 or window_s <= 0:
            raise ValueError("limit must be ≥ 1 and window_s > 0")
        self.database = database
        self.purpose = purpose
        self.limit = limit
        self.window_s = window_s
        self.clock = clock

    def check(self, client: str) -> None:
        """Count one attempt from ``client``.

        Raises
        ------
        TooManyAttempts
            The client already used its attempts in the current window.
        """
        now_utc, _offset = timestamps.split(self.clock())
        window_over = now_utc - timedelta(seconds=self.window_s)
        key = hashlib.sha256(f"{self.purpose}\n{client}".encode()).hexdigest()
        insert = _insert_for(self.database.dialect)
        table = AttemptCounter.__table__
        restart = table.c.window_start <= window_over
        statement = (
            insert(table)
            .values(key=key, window_start=now_utc, attempts=1)
            .on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "attempts": case((restart, 1), else_=table.c.attempts + 1),
                    "window_start": case((restart, now_utc), else_=table.c.window_start),
                },
            )
            .returning(table.c.attempts, table.c.window_start)
        )
        with self.database.session() as session:
            attempts, window_start = session.execute(statement).one()
            if secrets.randbelow(64) == 0:
                # Now and then, forget clients whose window is over so the table stays small.
                session.execute(
                    delete(AttemptCounter).where(AttemptCounter.window_start <= window_over)
                )
        if attempts > self.limit:
            wait_s = (window_start - now_utc).total_seconds() + self.window_s
            raise TooManyAttempts(
                f"too many attempts from this address; wait {max(1, round(wait_s))} s",
                retry_after_s=max(1.0, wait_s),
                purpose=self.purpose,
                code="too-many-attempts",
            )


def _insert_for(dialect: str) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert
