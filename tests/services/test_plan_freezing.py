"""A plan stored before its protocol is edited runs exactly as it was stored."""

from __future__ import annotations

from datetime import timedelta

import pytest

from occlusion.services.sessions import abandon_session, start_session
from occlusion.sessions import ManualClock
from tests.science.prescription.test_document import EDITS, edit_protocol
from tests.services.flow import WHEN, ready_person


def test_editing_the_protocol_leaves_the_stored_plan_alone(  # type: ignore[no-untyped-def]
    database, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = ready_person(database)
    clock = ManualClock(WHEN + timedelta(hours=1))
    handle = start_session(database, person, clock=clock)
    stored_plan = handle.runner.plan
    abandon_session(database, person)
    edit_protocol(monkeypatch, stored_plan.protocol, **EDITS)
    again = start_session(database, person, clock=clock)
    assert again.runner.plan.reperfusion_s == stored_plan.reperfusion_s != 30.0
    assert again.runner.plan.cap_s == stored_plan.cap_s
    assert again.runner.plan.cadence_s == stored_plan.cadence_s
    assert again.runner.plan.rest_between_exercises_s == stored_plan.rest_between_exercises_s
