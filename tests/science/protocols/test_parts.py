from __future__ import annotations

import pytest

from occlusion.errors import InputError
from occlusion.science.protocols import get_protocol
from occlusion.science.protocols.parts import AbsolutePressure, Cadence, ProgressionRule, SetSpec


def test_cadence_and_set_durations() -> None:
    cadence = Cadence(concentric_s=2.0, eccentric_s=2.0)
    assert cadence.repetition_s == 4.0
    assert SetSpec(reps=30).working_time_s(cadence) == 120.0
    assert SetSpec(duration_s=120.0).working_time_s(cadence) == 120.0
    # A set to failure is budgeted at the number of repetitions the caller expects.
    assert SetSpec(to_failure=True).working_time_s(cadence, reps_if_to_failure=20) == 80.0
    assert SetSpec(reps=15, to_failure=True).working_time_s(cadence, reps_if_to_failure=10) == 60.0
    # Without a cadence a repetition is budgeted at 4 s (derived from the 2-0-2 trial cadence).
    assert SetSpec(reps=10).working_time_s(None) == 40.0
    assert SetSpec(description="device timed").working_time_s(cadence) is None


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"reps": 0}, {"reps": True}, {"duration_s": -5.0}, {"duration_s": float("nan")}],
)
def test_invalid_sets_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(InputError):
        SetSpec(**kwargs)  # type: ignore[arg-type]


def test_set_labels() -> None:
    assert SetSpec(reps=30).label() == "30"
    assert SetSpec(to_failure=True).label() == "to failure"
    assert SetSpec(duration_s=120.0).label() == "2 min"
    assert SetSpec(duration_s=45.0).label() == "45 s"


def test_last_set_progression_and_set_progression() -> None:
    last = ProgressionRule(
        kind="add-load", description="x", set_number=-1, reps_above=12, load_increment_kg=2.5
    )
    assert last.should_add_load([20, 13])
    kaatsu = get_protocol("kaatsu-cycle").progression
    assert kaatsu is not None
    assert [kaatsu.sets_for_week(week) for week in range(1, 9)] == [1, 2, 3, 4, 5, 6, 6, 6]
    with pytest.raises(InputError):
        kaatsu.sets_for_week(0)
    with pytest.raises(InputError):
        ProgressionRule(kind="add-load", description="incomplete")
    with pytest.raises(InputError):
        ProgressionRule(kind="add-set", description="incomplete")


def test_absolute_pressure_rules() -> None:
    ipc = get_protocol("ischemic-preconditioning-4x5min")
    thigh = ipc.absolute_pressure_for("thigh")
    arm = ipc.absolute_pressure_for("arm")
    assert thigh is not None and arm is not None
    assert thigh.resolve_mmhg() == 220.0
    assert arm.resolve_mmhg(sbp_mmhg=118.0) == 168.0
    assert arm.label() == "SBP + 50 mmHg"
    with pytest.raises(InputError, match="systolic"):
        arm.resolve_mmhg()
    with pytest.raises(InputError, match="not plausible"):
        arm.resolve_mmhg(sbp_mmhg=20.0)
    with pytest.raises(InputError):
        AbsolutePressure(limb="arm")
    with pytest.raises(InputError):
        AbsolutePressure(limb="arm", pressure_mmhg=200.0, above_systolic_mmhg=50.0)
    assert get_protocol("resistance-30-15-15-15").absolute_pressure_for("arm") is None
