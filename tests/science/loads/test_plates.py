from __future__ import annotations

import pytest

from occlusion.errors import InputError
from occlusion.messages import code_of
from occlusion.science.loads.plates import (
    IMPERIAL_BARBELL,
    MACHINE_STACK_5KG,
    METRIC_BARBELL,
    LoadEquipment,
    prescribe_load,
)


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
