"""Retiring an LOP: kept in the history and exports, no longer used for plans, plan says so."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from occlusion.errors import InputError, NotEstimableError, RecordNotFound
from occlusion.services.measurements import (
    measurements,
    record_blood_pressure,
    record_limb,
    record_measured_lop,
)
from occlusion.services.people import add_person
from occlusion.services.plans import write_plan
from occlusion.services.queries import active_plan, lops_for_cuff
from occlusion.services.retirement import (
    find_lop_id,
    restore_lop,
    retire_lop,
    retired_sources,
)
from occlusion.services.screening import screen_person
from occlusion.store.engine import Database
from occlusion.store.transfer import export_document
from tests.services.flow import WHEN, screening_answers

CURLS = {
    "equipment": {"kind": "cuff", "width_cm": 5, "material": "nylon"},
    "training": {"protocol": "resistance-30-15-15-15", "posture": "seated"},
    "exercises": [{"name": "Biceps curl", "one_rep_max_kg": 20}],
}


def _arm_measured(database: Database) -> tuple[str, uuid.UUID]:
    person = add_person(database, name="Kim Tanaka", sex="female", birth_year=1985, now=WHEN)
    record_blood_pressure(database, person.id, systolic=116, diastolic=72, now=WHEN)
    record_limb(database, person.id, limb="arm", side="right", circumference=29, now=WHEN)
    record_limb(database, person.id, limb="thigh", side="right", circumference=55, now=WHEN)
    screen_person(database, person.id, screening_answers(), now=WHEN)
    lop = record_measured_lop(
        database, person.id, limb="arm", side="right", posture="seated", cuff_width_cm=5,
        cuff_material="nylon", lop_mmhg=150, now=WHEN,
    )
    return person.id, uuid.UUID(lop.as_dict()["id"])


def _plan(database: Database, person: str) -> dict[str, Any]:
    return write_plan(database, person, CURLS, now=WHEN + timedelta(hours=1))


def test_plan_from_a_measured_lop_names_the_record(database) -> None:  # type: ignore[no-untyped-def]
    person, lop_id = _arm_measured(database)
    plan = _plan(database, person)
    (arm,) = plan["prescription"]["limbs"]
    assert arm["occlusion_pressure"]["record_id"] == str(lop_id)
    assert arm["pressure_mmhg"] == 75


def test_retired_lop_stays_on_record_and_in_exports(database) -> None:  # type: ignore[no-untyped-def]
    person, lop_id = _arm_measured(database)
    retired = retire_lop(database, person, lop_id, now=WHEN + timedelta(days=2))
    assert retired["retired_at"] == "2026-05-03T18:00:00+02:00"
    (kept,) = measurements(database, person)["lop"]
    assert kept["id"] == str(lop_id) and kept["retired_at"] == retired["retired_at"]
    (exported,) = export_document(database)["tables"]["lop_record"]
    assert exported["retired_at"] == "2026-05-03T18:00:00+02:00"
    with database.session() as session:
        kwargs: dict[str, Any] = {
            "limb": "arm", "side": "right", "posture": "seated", "cuff_width_cm": 5.0
        }
        assert lops_for_cuff(session, uuid.UUID(person), **kwargs) == []
        assert len(lops_for_cuff(session, uuid.UUID(person), include_retired=True, **kwargs)) == 1


def test_retired_lop_no_longer_feeds_new_plans(database) -> None:  # type: ignore[no-untyped-def]
    person, lop_id = _arm_measured(database)
    retire_lop(database, person, lop_id, now=WHEN)
    # No arm equation is verified: without the measurement the arm cannot be planned.
    with pytest.raises(NotEstimableError) as info:
        _plan(database, person)
    assert info.value.fields["limb"] == "arm"
    restore_lop(database, person, lop_id)
    assert _plan(database, person)["prescription"]["limbs"][0]["pressure_mmhg"] == 75


def test_plan_knows_when_its_lop_was_retired(database) -> None:  # type: ignore[no-untyped-def]
    person, lop_id = _arm_measured(database)
    _plan(database, person)
    with database.session() as session:
        plan = active_plan(session, uuid.UUID(person))
        assert plan is not None
        assert retired_sources(session, uuid.UUID(person), plan.prescription) == []
    retire_lop(database, person, lop_id, now=WHEN + timedelta(days=1))
    with database.session() as session:
        plan = active_plan(session, uuid.UUID(person))
        assert plan is not None
        (source,) = retired_sources(session, uuid.UUID(person), plan.prescription)
    assert source == {
        "limb": "arm",
        "side": "right",
        "lop_mmhg": 150.0,
        "record_id": str(lop_id),
        "retired_at": "2026-05-02T18:00:00+02:00",
    }


def test_retiring_twice_restoring_in_use_and_strangers_are_refused(  # type: ignore[no-untyped-def]
    database,
) -> None:
    person, lop_id = _arm_measured(database)
    retire_lop(database, person, lop_id, now=WHEN)
    with pytest.raises(InputError) as twice:
        retire_lop(database, person, lop_id, now=WHEN)
    assert twice.value.code == "lop.already-retired"
    restore_lop(database, person, lop_id)
    with pytest.raises(InputError) as in_use:
        restore_lop(database, person, lop_id)
    assert in_use.value.code == "lop.not-retired"
    other = add_person(database, name="Other", now=WHEN)
    with pytest.raises(RecordNotFound):
        retire_lop(database, other.id, lop_id, now=WHEN)
    with pytest.raises(RecordNotFound):
        retire_lop(database, person, uuid.uuid4(), now=WHEN)


def test_an_lop_is_found_by_the_end_of_its_id(database) -> None:  # type: ignore[no-untyped-def]
    person, lop_id = _arm_measured(database)
    assert find_lop_id(database, person, lop_id.hex[-8:]) == lop_id
    assert find_lop_id(database, person, str(lop_id)) == lop_id
    for bad in ("zz", lop_id.hex[-3:], "ffffffff"):
        with pytest.raises(InputError) as info:
            find_lop_id(database, person, bad)
        assert info.value.code == "lop.bad-reference"
