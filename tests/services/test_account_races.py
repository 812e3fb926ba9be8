"""Account set-up under parallel requests: one person per account, enforced by the database."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from occlusion.errors import InputError, StoreError
from occlusion.services import accounts
from occlusion.services.passwords import TEST_POLICY
from occlusion.store.accounts import WebUser
from occlusion.store.engine import Database
from occlusion.store.models import Person
from tests.web.conftest import PASSWORD, START


def _athlete(database: Database, email: str) -> accounts.Account:
    return accounts.sign_up(
        database,
        email=email,
        password=PASSWORD,
        display_name="Parallel",
        role="athlete",
        policy=TEST_POLICY,
        now=START,
    )


def test_six_parallel_profiles_make_one_person(database: Database) -> None:
    account = _athlete(database, "six@example.org")
    barrier = threading.Barrier(6)

    def create(_: int) -> str:
        barrier.wait()
        try:
            made = accounts.create_profile(
                database,
                account,
                sex="female",
                birth_year=1990,
                body_mass=None,
                preferred_units="metric",
                now=START,
            )
        except InputError as refusal:
            return refusal.code
        return str(made.person_id)

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(create, range(6)))
    made = [answer for answer in answers if answer != "account.profile-exists"]
    assert len(made) == 1
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 1
        linked = session.scalar(select(WebUser.person_id).where(WebUser.id == account.id))
    assert str(linked) == made[0]


def test_two_accounts_cannot_share_a_person(database: Database) -> None:
    first = accounts.create_profile(
        database,
        _athlete(database, "first@example.org"),
        sex=None,
        birth_year=None,
        body_mass=None,
        preferred_units="metric",
        now=START,
    )
    second = _athlete(database, "second@example.org")
    with pytest.raises((StoreError, IntegrityError)), database.session() as session:
        session.execute(
            update(WebUser).where(WebUser.id == second.id).values(person_id=first.person_id)
        )
    assert isinstance(first.person_id, uuid.UUID)
