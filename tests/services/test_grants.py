"""Opening a record: owners pass without a database read, everyone else is checked and audited."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from occlusion.errors import RecordNotFound
from occlusion.services import accounts, audit, grants
from occlusion.services.passwords import TEST_POLICY
from occlusion.store.engine import Database
from tests.web.conftest import PASSWORD, START


def _account(database: Database, email: str, role: str = "athlete") -> accounts.Account:
    account = accounts.sign_up(
        database, email=email, password=PASSWORD, display_name=email[:5], role=role,
        policy=TEST_POLICY, now=START,
    )
    if role != "athlete":
        return account
    return accounts.create_profile(
        database, account, sex="female", birth_year=1990, body_mass=None,
        preferred_units="metric", now=START,
    )


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    """Collect the SQL statements sent to the database inside the ``with`` block."""
    sent: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        sent.append(statement)

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)


def test_an_owner_opens_their_record_without_a_database_read(database: Database) -> None:
    athlete = _account(database, "own@example.org")
    assert athlete.person_id is not None
    with statements(database) as sent:
        for action in ("read", "write"):
            grants.open_record(
                database, athlete, athlete.person_id, action=action, resource="own", now=START
            )
    assert sent == []
    assert audit.audit_log(database, person_id=athlete.person_id) == []


def test_others_are_still_checked_and_audited(database: Database) -> None:
    athlete = _account(database, "ath@example.org")
    coach = _account(database, "coach@example.org", role="coach")
    stranger = _account(database, "stranger@example.org", role="coach")
    assert athlete.person_id is not None
    with pytest.raises(RecordNotFound):
        grants.open_record(
            database, coach, athlete.person_id, action="read", resource="x", now=START
        )
    grants.grant_access(database, athlete, "coach@example.org", now=START)
    grants.open_record(
        database, coach, athlete.person_id, action="write", resource="plan", now=START
    )
    with pytest.raises(RecordNotFound):
        grants.open_record(
            database, stranger, athlete.person_id, action="read", resource="x", now=START
        )
    entries = audit.audit_log(database, person_id=athlete.person_id)
    assert [(entry["actor_role"], entry["action"]) for entry in entries] == [("coach", "write")]
    with pytest.raises(ValueError, match="unknown action"):
        grants.open_record(
            database, athlete, athlete.person_id, action="erase", resource="x", now=START
        )


def test_a_deleted_record_takes_its_account_and_cached_token_along(database: Database) -> None:
    """Why the owner's pass is safe: no account outlives its person, cached or not."""
    from occlusion.services import token_cache

    token_cache.install(database)
    athlete = _account(database, "gone@example.org")
    token = accounts.open_session(database, athlete, now=START)
    assert accounts.account_for_token(database, token, now=START) == athlete
    accounts.delete_account(database, athlete, password=PASSWORD, policy=TEST_POLICY, now=START)
    assert accounts.remembered_account(database, token, now=START) is None
    assert accounts.account_for_token(database, token, now=START) is None
