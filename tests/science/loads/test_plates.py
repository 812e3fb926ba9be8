from __future__ import annotations

import pytest

from occlusion.errors import InputError
from occlusion.messages import code_of
from occlusion.science.loads.plates import (
    IMPERIAL_BARBELL,
    IMPERIAL_PLATE_PAIRS_LB,
    IMPERIAL_STACK_STEPS_LB,
    MACHINE_STACK_5KG,
    MACHINE_STACK_5LB,
    METRIC_BARBELL,
    METRIC_PLATE_PAIRS_KG,
    STANDARD_EQUIPMENT,
    LoadEquipment,
    prescribe_load,
)
from occlusion.units import KG_PER_POUND
from occlusion.vocabulary import UnitSystem


def test_metric_barbell_loads_and_plates() -> None:
    loads = METRIC_BARBELL.achievable_loads_kg()
    assert loads[0] == 20.0
    assert 22.5 in loads and 60.0 in loads and 102.5 in loads
    assert METRIC_BARBELL.plates_per_side_kg(60.0) == (20.0,)
    assert sum(METRIC_BARBELL.plates_per_side_kg(102.5)) == pytest.approx(41.25)


def test_prescribe_load_rounds_to_machine_steps_and_prefers_lighter_on_tie() -> None:
    # 30 % of 150 kg = 45 kg exactly on a 5 kg stack.
    exact = prescribe_load(one_rep_max_kg=150.0, pct_one_rep_max=30.0)
    assert exact.load_kg == 45.0
    # 30 % of 125 kg = 37.5 kg: a tie between 35 and 40, so the lighter is chosen.
    tie = prescribe_load(one_rep_max_kg=125.0, pct_one_rep_max=30.0)
    assert tie.load_kg == 35.0
    assert tie.achieved_pct_one_rep_max == pytest.approx(28.0)


def test_prescribe_load_stays_in_allowed_range_or_warns() -> None:
    # 20 % of 60 kg = 12 kg; the 20 kg bar is 33 %, inside 20-40 %.
    on_bar = prescribe_load(
        one_rep_max_kg=60.0,
        pct_one_rep_max=20.0,
        equipment=METRIC_BARBELL,
        allowed_pct_range=(20.0, 40.0),
    )
    assert on_bar.load_kg == 20.0 and not on_bar.warnings
    too_light = prescribe_load(
        one_rep_max_kg=40.0,
        pct_one_rep_max=30.0,
        equipment=METRIC_BARBELL,
        allowed_pct_range=(20.0, 40.0),
    )
    assert too_light.load_kg == 20.0
    assert [code_of(w) for w in too_light.warnings] == ["loads.no-load-in-range"]


def test_imperial_barbell_makes_whole_pound_loads() -> None:
    loads_lb = [round(load / 0.45359237, 1) for load in IMPERIAL_BARBELL.achievable_loads_kg()]
    assert 45.0 in loads_lb and 135.0 in loads_lb and 50.0 in loads_lb


def test_equipment_validation() -> None:
    with pytest.raises(InputError):
        LoadEquipment(kind="stack", bar_kg=5.0, increment_kg=0.0)
    with pytest.raises(InputError):
        LoadEquipment(kind="rope", bar_kg=5.0)  # type: ignore[arg-type]
    assert MACHINE_STACK_5KG.achievable_loads_kg()[-1] == 200.0


def _lb(mass_kg: float) -> float:
    return mass_kg / KG_PER_POUND


def test_pound_equipment_goes_up_in_plate_steps() -> None:
    # A 45 lb bar with a 2.5 lb pair goes up in 5 lb steps; the stack in 5 lb steps from 5 lb.
    bar_lb = [_lb(load) for load in IMPERIAL_BARBELL.achievable_loads_kg()]
    assert bar_lb[:4] == pytest.approx([45.0, 50.0, 55.0, 60.0], abs=1e-3)
    assert all(abs(load / 5 - round(load / 5)) < 1e-3 for load in bar_lb)
    stack_lb = [_lb(load) for load in MACHINE_STACK_5LB.achievable_loads_kg()]
    assert stack_lb[:3] == pytest.approx([5.0, 10.0, 15.0], abs=1e-3)
    assert stack_lb[-1] == pytest.approx(440.0, abs=1e-3)
    # Kilogram plates: a 1.25 kg pair makes 2.5 kg steps from the 20 kg bar.
    assert METRIC_BARBELL.achievable_loads_kg()[:3] == (20.0, 22.5, 25.0)


def test_pound_loads_round_to_plates_hand_computed() -> None:
    # 30 % of 300 lb = 90 lb = the 45 lb bar + 22.5 lb a side = 10 + 10 + 2.5 lb (fewest plates).
    squat = prescribe_load(
        one_rep_max_kg=300 * KG_PER_POUND, pct_one_rep_max=30.0, equipment=IMPERIAL_BARBELL
    )
    assert _lb(squat.load_kg) == pytest.approx(90.0, abs=1e-6)
    assert [_lb(plate) for plate in squat.plates_per_side_kg] == pytest.approx([10, 10, 2.5])
    # 30 % of 260 lb = 78 lb: the 5 lb stack makes 75 (3 lb off) or 80 lb (2 lb off) -> 80 lb.
    press = prescribe_load(
        one_rep_max_kg=260 * KG_PER_POUND, pct_one_rep_max=30.0, equipment=MACHINE_STACK_5LB
    )
    assert _lb(press.load_kg) == pytest.approx(80.0, abs=1e-6)
    assert press.as_dict()["load_kg"] / KG_PER_POUND == pytest.approx(80.0, abs=5e-4)
    # 30 % of 250 lb = 75 lb: a tie-free exact step.
    exact = prescribe_load(
        one_rep_max_kg=250 * KG_PER_POUND, pct_one_rep_max=30.0, equipment=MACHINE_STACK_5LB
    )
    assert _lb(exact.load_kg) == pytest.approx(75.0, abs=1e-6)
    # 30 % of 110 kg = 33 kg on kilogram plates: 32.5 kg (0.5 off) beats 35 kg (2 off);
    # 6.25 kg a side = 5 + 1.25 kg.
    metric = prescribe_load(one_rep_max_kg=110.0, pct_one_rep_max=30.0, equipment=METRIC_BARBELL)
    assert metric.load_kg == 32.5 and metric.plates_per_side_kg == (5.0, 1.25)


def test_standard_equipment_follows_the_unit_system() -> None:
    assert STANDARD_EQUIPMENT[(UnitSystem.IMPERIAL, "barbell")] is IMPERIAL_BARBELL
    assert STANDARD_EQUIPMENT[(UnitSystem.IMPERIAL, "stack")] is MACHINE_STACK_5LB
    assert STANDARD_EQUIPMENT[(UnitSystem.METRIC, "barbell")] is METRIC_BARBELL
    assert STANDARD_EQUIPMENT[(UnitSystem.METRIC, "stack")] is MACHINE_STACK_5KG
    assert IMPERIAL_PLATE_PAIRS_LB[-1] == 2.5 and METRIC_PLATE_PAIRS_KG[-1] == 1.25
    assert IMPERIAL_STACK_STEPS_LB == (5.0, 5.0, 440.0)
