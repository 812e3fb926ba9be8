"""Accounts and grants at the function level: validation, expiry, deletion, audit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from occlusion.errors import AccessDenied, InputError, RecordNotFound, SignInError
from occlusion.services import accounts, audit, grants
from occlusion.services.log import open_log
from occlusion.services.passwords import TEST_POLICY
from occlusion.store.accounts import AuditEntry, WebSession
from occlusion.store.engine import Database
from occlusion.store.models import Person
from tests.web.conftest import PASSWORD, START


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    log = open_log(f"sqlite:///{tmp_path / 'accounts.db'}")
    yield log
    log.close()


def make(database: Database, email: str, role: str = "athlete") -> accounts.Account:
    return accounts.sign_up(
        database,
        email=email,
        password=PASSWORD,
        display_name=email[:5],
        role=role,
        policy=TEST_POLICY,
        now=START,
    )


def test_email_is_normalised_and_unique(database: Database) -> None:
    account = make(database, "  Mixed.Case@Example.ORG ")
    assert account.email == "mixed.case@example.org"
    with pytest.raises(InputError, match="already exists"):
        make(database, "mixed.case@example.org")
    for bad in ("no-at-sign", "a@b", "two@@example.org", ""):
        with pytest.raises(InputError):
            make(database, bad)


def test_roles_and_names_are_checked(database: Database) -> None:
    with pytest.raises(InputError, match="role"):
        make(database, "x@example.org", role="superuser")
    with pytest.raises(InputError, match="role"):
        make(database, "y@example.org", role="admin")
    with pytest.raises(InputError, match="display name"):
        accounts.sign_up(
            database,
            email="z@example.org",
            password=PASSWORD,
            display_name="  ",
            role="athlete",
            policy=TEST_POLICY,
            now=START,
        )


def test_sessions_expire_and_close(database: Database) -> None:
    account = make(database, "s@example.org")
    token = accounts.open_session(database, account, now=START)
    assert accounts.account_for_token(database, token, now=START) == account
    later = START + timedelta(seconds=accounts.SESSION_LIFETIME_S + 1)
    assert accounts.account_for_token(database, token, now=later) is None
    accounts.close_session(database, token)
    assert accounts.account_for_token(database, token, now=START) is None
    assert accounts.account_for_token(database, "x" * 500, now=START) is None


def test_a_success_resets_the_failure_count(database: Database) -> None:
    make(database, "f@example.org")
    for _ in range(accounts.MAX_FAILED_SIGN_INS - 1):
        with pytest.raises(SignInError):
            accounts.sign_in(
                database,
                email="f@example.org",
                password="wrong password",
                policy=TEST_POLICY,
                now=START,
            )
    accounts.sign_in(
        database, email="f@example.org", password=PASSWORD, policy=TEST_POLICY, now=START
    )
    with pytest.raises(accounts.SignInError, match="did not sign in"):
        accounts.sign_in(
            database,
            email="f@example.org",
            password="wrong password",
            policy=TEST_POLICY,
            now=START,
        )


def test_profile_once_and_only_for_athletes(database: Database) -> None:
    athlete = make(database, "p@example.org")
    coach = make(database, "c@example.org", role="coach")
    with pytest.raises(accounts.AccessDenied):
        accounts.create_profile(
            database,
            coach,
            sex="male",
            birth_year=1990,
            body_mass=None,
            preferred_units="metric",
            now=START,
        )
    with_profile = accounts.create_profile(
        database,
        athlete,
        sex="male",
        birth_year=1990,
        body_mass=None,
        preferred_units="metric",
        now=START,
    )
    with pytest.raises(InputError, match="already exists"):
        accounts.create_profile(
            database,
            with_profile,
            sex="male",
            birth_year=1990,
            body_mass=None,
            preferred_units="metric",
            now=START,
        )


def test_grants_audit_and_deletion(database: Database) -> None:
    athlete = accounts.create_profile(
        database,
        make(database, "a@example.org"),
        sex="female",
        birth_year=1992,
        body_mass=None,
        preferred_units="metric",
        now=START,
    )
    coach = make(database, "coach@example.org", role="coach")
    other = make(database, "other@example.org")
    assert athlete.person_id is not None
    with pytest.raises(InputError, match="no coach or clinician"):
        grants.grant_access(database, athlete, "other@example.org", now=START)
    grant = grants.grant_access(database, athlete, "coach@example.org", now=START)
    with pytest.raises(InputError, match="already has access"):
        grants.grant_access(database, athlete, "coach@example.org", now=START)
    grants.open_record(
        database, coach, athlete.person_id, action="read", resource="test", now=START
    )
    grants.open_record(
        database, athlete, athlete.person_id, action="write", resource="own", now=START
    )
    entries = audit.audit_log(database, person_id=athlete.person_id)
    assert [(entry["actor_role"], entry["action"]) for entry in entries] == [("coach", "read")]
    with pytest.raises(RecordNotFound):
        grants.open_record(
            database, other, athlete.person_id, action="read", resource="x", now=START
        )
    import uuid

    grants.revoke_access(database, athlete, uuid.UUID(grant["id"]), now=START)
    with pytest.raises(RecordNotFound):
        grants.revoke_access(database, athlete, uuid.UUID(grant["id"]), now=START)
    with pytest.raises(SignInError):
        accounts.delete_account(
            database, athlete, password="nope nope nope", policy=TEST_POLICY, now=START
        )
    accounts.open_session(database, athlete, now=START)
    accounts.delete_account(database, athlete, password=PASSWORD, policy=TEST_POLICY, now=START)
    with database.session() as session:
        assert session.get(Person, athlete.person_id) is None
        assert (
            session.scalar(
                select(func.count()).select_from(WebSession).where(WebSession.user_id == athlete.id)
            )
            == 0
        )
        # The audit trail outlives the deleted record.
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_refusals_carry_codes(database: Database) -> None:
    make(database, "code@example.org")
    with pytest.raises(InputError) as taken:
        make(database, "code@example.org")
    assert taken.value.code == "account.email-taken"
    with pytest.raises(InputError) as role:
        make(database, "r@example.org", role="admin")
    assert role.value.code == "account.role-not-allowed"
    assert role.value.fields["allowed"] == ("athlete", "coach", "clinician")
    with pytest.raises(SignInError) as wrong:
        accounts.sign_in(
            database, email="code@example.org", password="wrong wrong", policy=TEST_POLICY,
            now=START,
        )
    assert wrong.value.code == "account.sign-in-refused"


def test_administrators_list_and_change_accounts(database: Database) -> None:
    admin = accounts.sign_up(
        database,
        email="root@example.org",
        password=PASSWORD,
        display_name="Root",
        role="admin",
        policy=TEST_POLICY,
        now=START,
        allow_admin=True,
    )
    coach = make(database, "c@example.org", role="coach")
    athlete = accounts.create_profile(
        database,
        make(database, "a@example.org"),
        sex=None,
        birth_year=None,
        body_mass=None,
        preferred_units="metric",
        now=START,
    )
    listed = {row["email"]: row for row in accounts.list_accounts(database, now=START)}
    assert listed["c@example.org"]["role"] == "coach"
    assert not listed["c@example.org"]["locked"]
    assert all("password" not in key for row in listed.values() for key in row)
    accounts.change_account(database, admin, coach.id, role="clinician", unlock=False)
    listed = {row["email"]: row for row in accounts.list_accounts(database, now=START)}
    assert listed["c@example.org"]["role"] == "clinician"
    with pytest.raises(AccessDenied):
        accounts.change_account(database, athlete, coach.id, role="admin", unlock=False)
    with pytest.raises(InputError) as own:
        accounts.change_account(database, admin, admin.id, role="coach", unlock=False)
    assert own.value.code == "account.self-demotion"
    with pytest.raises(InputError) as kept:
        accounts.change_account(database, admin, athlete.id, role="coach", unlock=False)
    assert kept.value.code == "account.athlete-keeps-role"
    with pytest.raises(InputError) as unknown:
        accounts.change_account(database, admin, coach.id, role="king", unlock=False)
    assert unknown.value.code == "unknown-choice"
    import uuid

    with pytest.raises(RecordNotFound):
        accounts.change_account(database, admin, uuid.uuid4(), role=None, unlock=True)
