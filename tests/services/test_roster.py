"""The roster service: one summary per shared record, alerts as codes with fields."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from occlusion.errors import AccessDenied
from occlusion.services import accounts, grants
from occlusion.services.log import open_log
from occlusion.services.measurements import record_measured_lop
from occlusion.services.passwords import TEST_POLICY
from occlusion.services.roster import LOP_STALE_DAYS, roster
from occlusion.store.accounts import WebUser
from occlusion.store.engine import Database
from tests.services.flow import ready_person
from tests.web.conftest import PASSWORD, START


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    log = open_log(f"sqlite:///{tmp_path / 'roster.db'}")
    yield log
    log.close()


def _account(database: Database, email: str, role: str) -> accounts.Account:
    return accounts.sign_up(
        database,
        email=email,
        password=PASSWORD,
        display_name=email[:5],
        role=role,
        policy=TEST_POLICY,
        now=START,
    )


def test_alerts_are_codes_with_fields(database: Database) -> None:
    coach = _account(database, "coach@example.org", "coach")
    athlete = accounts.create_profile(
        database,
        _account(database, "new@example.org", "athlete"),
        sex=None,
        birth_year=None,
        body_mass=None,
        preferred_units="metric",
        now=START,
    )
    grants.grant_access(database, athlete, "coach@example.org", now=START)
    (row,) = roster(database, coach, now=START)
    assert row["name"] == "new@e"
    assert row["screening"] is None and row["lop_age_days"] is None
    assert [alert["code"] for alert in row["alerts"]] == ["not-screened", "no-lop"]


def test_a_ready_person_has_no_alerts_until_the_lop_grows_old(database: Database) -> None:
    coach = _account(database, "coach@example.org", "coach")
    owner = _account(database, "owner@example.org", "athlete")
    person_id = uuid.UUID(ready_person(database, now=START))
    record_measured_lop(
        database, str(person_id), limb="thigh", side="right", posture="seated",
        cuff_width_cm=11.5, cuff_material="nylon", lop_mmhg=180.0, now=START,
    )
    with database.session() as session:
        row = session.get(WebUser, owner.id)
        assert row is not None
        row.person_id = person_id
    owner = accounts.Account(owner.id, owner.email, owner.display_name, owner.role, person_id)
    grants.grant_access(database, owner, "coach@example.org", now=START)
    (summary,) = roster(database, coach, now=START)
    assert summary["screening"] == "cleared"
    assert summary["lop_age_days"] == 0
    assert summary["alerts"] == []
    later = START + timedelta(days=LOP_STALE_DAYS + 5)
    (old,) = roster(database, coach, now=later)
    assert old["lop_age_days"] == LOP_STALE_DAYS + 5
    assert old["alerts"] == [{"code": "lop-old", "days": LOP_STALE_DAYS + 5}]


def test_only_coaches_and_clinicians_have_a_roster(database: Database) -> None:
    athlete = _account(database, "a@example.org", "athlete")
    with pytest.raises(AccessDenied):
        roster(database, athlete, now=START)


def test_roster_reads_are_audited_like_record_reads(database: Database) -> None:
    from occlusion.services import audit

    coach = _account(database, "audited-coach@example.org", "coach")
    athlete = accounts.create_profile(
        database,
        _account(database, "audited@example.org", "athlete"),
        sex=None,
        birth_year=None,
        body_mass=None,
        preferred_units="metric",
        now=START,
    )
    grants.grant_access(database, athlete, "audited-coach@example.org", now=START)
    roster(database, coach, now=START)
    entries = audit.audit_log(database, person_id=athlete.person_id)
    assert [(entry["actor_id"], entry["action"], entry["resource"]) for entry in entries] == [
        (str(coach.id), "read", "roster")
    ]
