from __future__ import annotations

import pytest

from occlusion.errors import InputError
from occlusion.services.equipment import record_equipment
from occlusion.services.people import add_person
from occlusion.services.plans import write_plan
from occlusion.store.transfer import export_document
from tests.services.flow import WHEN, partial_profile, ready_person


def test_plan_uses_the_newest_recorded_equipment(database) -> None:  # type: ignore[no-untyped-def]
    person = ready_person(database)
    record = record_equipment(database, person, kind="wrap", width=3, unit="in",
                              material="elastic", length=80, now=WHEN)
    assert record["width_cm"] == pytest.approx(7.62)
    assert record["width_entered_unit"] == "in"
    profile = partial_profile()
    profile.pop("equipment")
    written = write_plan(database, person, profile, now=WHEN)
    wrap = written["prescription"]["limbs"][0]["wrap"]
    assert wrap["width_cm"] == pytest.approx(7.62)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"kind": "tourniquet", "width": 5, "material": "nylon"}, "equipment kind"),
        ({"kind": "cuff", "width": 50, "material": "nylon"}, "width"),
        ({"kind": "cuff", "width": 5, "material": "steel"}, "material"),
        ({"kind": "wrap", "width": 5, "material": "elastic", "length": 5}, "length"),
    ],
)
def test_bad_equipment_writes_nothing(database, arguments, message) -> None:  # type: ignore[no-untyped-def]
    person = add_person(database, name="A", now=WHEN).id
    with pytest.raises(InputError, match=message):
        record_equipment(database, person, **arguments)
    assert export_document(database)["tables"]["equipment"] == []


def test_plan_without_equipment_says_how(database) -> None:  # type: ignore[no-untyped-def]
    person = ready_person(database)
    profile = partial_profile()
    profile.pop("equipment")
    with pytest.raises(InputError) as info:
        write_plan(database, person, profile, now=WHEN)
    assert info.value.code == "plan.needs-equipment"
