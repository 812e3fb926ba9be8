"""A screening that is due again blocks new plans, with the reasons as codes and fields."""

from __future__ import annotations

from datetime import timedelta

import pytest

from occlusion.errors import ScreeningBlockError
from occlusion.services.measurements import record_blood_pressure
from occlusion.services.people import find_person
from occlusion.services.plans import write_plan
from occlusion.services.queries import latest_screening
from occlusion.services.screening import due_reasons, screen_person
from tests.services.flow import WHEN, partial_profile, ready_person, screening_answers


def _due(database, person: str, when) -> list[str]:  # type: ignore[no-untyped-def]
    with database.session() as session:
        owner = find_person(session, person)
        record = latest_screening(session, owner.id)
        assert record is not None
        return [reason["code"] for reason in due_reasons(session, owner, record, when)]


def test_an_aged_screening_blocks_a_new_plan_until_screened_again(database) -> None:  # type: ignore[no-untyped-def]
    person = ready_person(database)
    later = WHEN + timedelta(days=200)
    assert _due(database, person, WHEN + timedelta(days=100)) == []
    assert _due(database, person, later) == ["screening.aged"]
    with pytest.raises(ScreeningBlockError) as blocked:
        write_plan(database, person, partial_profile(), now=later)
    assert blocked.value.code == "plan.screening-due"
    assert blocked.value.fields["reasons"][0] == {
        "code": "screening.aged", "age_days": 200, "valid_days": 182,
    }
    screen_person(database, person, screening_answers(), now=later)
    assert write_plan(database, person, partial_profile(), now=later)["plan_id"]


def test_a_new_high_blood_pressure_calls_the_screening_back(database) -> None:  # type: ignore[no-untyped-def]
    person = ready_person(database)
    day = timedelta(days=1)
    record_blood_pressure(database, person, systolic=128, diastolic=80, now=WHEN + day)
    assert _due(database, person, WHEN + timedelta(days=2)) == []
    record_blood_pressure(database, person, systolic=165, diastolic=96, now=WHEN + 3 * day)
    assert _due(database, person, WHEN + timedelta(days=4)) == ["screening.blood-pressure-changed"]
    with pytest.raises(ScreeningBlockError) as blocked:
        write_plan(database, person, partial_profile(), now=WHEN + timedelta(days=4))
    assert blocked.value.fields["reasons"][0]["sbp_mmhg"] == 165
    # Screened again with that reading: it stands (and the reading refers them, as it should).
    screen_person(database, person, screening_answers(), now=WHEN + timedelta(days=5))
    assert _due(database, person, WHEN + timedelta(days=6)) == []


def test_turning_sixty_calls_the_screening_back(database) -> None:  # type: ignore[no-untyped-def]
    from occlusion.services.people import add_person

    person = add_person(database, name="Lee", sex="female", birth_year=1966, now=WHEN)
    screen_person(database, person.id, screening_answers(), now=WHEN)  # 60 in 2026
    assert _due(database, person.id, WHEN + timedelta(days=30)) == []
    december = WHEN.replace(month=12, day=1)
    young = add_person(database, name="Max", sex="male", birth_year=1967, now=december)
    screen_person(database, young.id, screening_answers(), now=december)  # 59 in 2026
    new_year = WHEN.replace(year=2027, month=1, day=2)
    assert _due(database, young.id, new_year) == ["screening.age-band-changed"]
