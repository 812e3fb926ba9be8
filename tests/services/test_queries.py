"""The shared reads: the active plan and the LOPs that belong to a cuff."""

from __future__ import annotations

import uuid
from datetime import timedelta

from occlusion.services.measurements import record_measured_lop
from occlusion.services.people import add_person
from occlusion.services.queries import MEASURED_SOURCES, active_plan, lops_for_cuff
from tests.services.flow import WHEN, ready_person


def test_lops_for_a_cuff_match_its_width_and_filter_sources(database) -> None:  # type: ignore[no-untyped-def]
    person = add_person(database, name="Ana Silva", now=WHEN)
    for minutes, width in ((0, 11.5), (1, 11.8), (2, 18.0)):
        record_measured_lop(
            database, person.id, limb="thigh", side="left", posture="seated",
            cuff_width_cm=width, cuff_material="nylon", lop_mmhg=180 + minutes,
            now=WHEN + timedelta(minutes=minutes),
        )
    with database.session() as session:
        owner_id = uuid.UUID(str(person.id))
        found = lops_for_cuff(
            session, owner_id, limb="thigh", side="left", posture="seated", cuff_width_cm=11.5
        )
        assert [record.lop_mmhg for record in found] == [181, 180]
        assert lops_for_cuff(
            session, owner_id, limb="thigh", side="right", posture="seated", cuff_width_cm=11.5
        ) == []
        every = lops_for_cuff(
            session, owner_id, limb="thigh", side="left", posture="seated", cuff_width_cm=None,
            sources=MEASURED_SOURCES,
        )
        assert len(every) == 3


def test_the_active_plan_is_the_newest(database) -> None:  # type: ignore[no-untyped-def]
    person = ready_person(database)
    with database.session() as session:
        owner_id = uuid.UUID(str(person))
        plan = active_plan(session, owner_id)
        assert plan is not None and plan.active
