"""Cuff sessions through the services: LOP checks before starting, the simulated device."""

from __future__ import annotations

from datetime import timedelta

import pytest

from occlusion.device.address import DeviceAddress
from occlusion.errors import InputError
from occlusion.services.equipment import record_equipment
from occlusion.services.measurements import (
    record_blood_pressure,
    record_limb,
    record_measured_lop,
)
from occlusion.services.people import add_person
from occlusion.services.plans import write_plan
from occlusion.services.screening import screen_person
from occlusion.services.sessions import _restriction_for, start_session
from occlusion.sessions import ManualClock
from occlusion.sessions.cuff import CuffRestriction
from tests.services.flow import WHEN, partial_profile, screening_answers

CUFF_TRAINING = {
    "training": {"goal": "hypertrophy", "protocol": "resistance-30-15-15-15",
                 "posture": "seated"},
    "exercises": [{"name": "Leg press", "limb": "thigh", "one_rep_max_kg": 200}],
}


def _cuff_person(database, *, measured: bool) -> str:  # type: ignore[no-untyped-def]
    person = add_person(database, name="Pat", sex="female", birth_year=1985, now=WHEN).id
    record_blood_pressure(database, person, systolic=118, diastolic=76, now=WHEN)
    for side in ("left", "right"):
        record_limb(database, person, limb="thigh", side=side, circumference=55, now=WHEN)
        if measured:
            record_measured_lop(database, person, limb="thigh", side=side, posture="seated",
                                cuff_width_cm=18, cuff_material="nylon", lop_mmhg=180,
                                now=WHEN)
    record_equipment(database, person, kind="cuff", width=18, material="nylon", now=WHEN)
    screen_person(database, person, screening_answers(), now=WHEN)
    write_plan(database, person, CUFF_TRAINING, now=WHEN)
    return person


def test_cuff_plan_uses_the_measured_lop(database) -> None:  # type: ignore[no-untyped-def]
    person = _cuff_person(database, measured=True)
    restriction = _restriction_for(DeviceAddress.parse("sim"), _plan_of(database, person))
    try:
        assert isinstance(restriction, CuffRestriction)
        assert restriction.channels == {"left-thigh": 0, "right-thigh": 1}
        handle = start_session(database, person, restriction=restriction,
                               clock=ManualClock(WHEN + timedelta(hours=1)))
        assert handle.checks[1:] == ("LOP left thigh: on record", "LOP right thigh: on record")
        assert handle.runner.view().target_pressure_mmhg == pytest.approx(90.0)
    finally:
        restriction.close()


def test_wrap_plan_cannot_drive_a_cuff(database) -> None:  # type: ignore[no-untyped-def]
    from tests.services.flow import ready_person

    person = ready_person(database)
    with pytest.raises(InputError, match="plan is for wraps"):
        start_session(database, person, device=DeviceAddress.parse("sim"),
                      clock=ManualClock(WHEN + timedelta(hours=1)))
    assert partial_profile()["equipment"]["kind"] == "wrap"


def _plan_of(database, person):  # type: ignore[no-untyped-def]
    from occlusion.sessions.from_prescription import session_plan_from_prescription
    from occlusion.store.transfer import export_document

    plans = export_document(database)["tables"]["plan"]
    return session_plan_from_prescription(plans[-1]["prescription"])
