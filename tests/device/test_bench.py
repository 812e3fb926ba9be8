"""The pressure-holding benchmark, and what it pins: contraction mode trips no cuff alarm."""

from __future__ import annotations

import math

import pytest

from occlusion.device import bench
from occlusion.device.firmware import limits as table
from occlusion.device.firmware import loop

# The highest target a 250 mmHg ceiling accepts, as 80 % of a thigh's LOP.
CEILING_MMHG = 250.0
HIGHEST_TARGET_MMHG = CEILING_MMHG - table.limit("target_margin_mmhg")
LOP_MMHG = HIGHEST_TARGET_MMHG / bench.TARGET_FRACTION_OF_LOP


def test_a_set_at_the_highest_accepted_target_raises_no_alarm() -> None:
    run = bench.run_leg_press(LOP_MMHG, seed=0, ceiling_mmhg=CEILING_MMHG, sets=(15,))
    assert run.target_mmhg == pytest.approx(HIGHEST_TARGET_MMHG)
    assert run.alarms == ()
    assert run.as_dict()["alarms"] == []
    assert run.exercise_within_10pct > 0.5


def test_uncapped_contraction_mode_dumped_that_cuff(monkeypatch: pytest.MonkeyPatch) -> None:
    # What the cap is for: 8 % of 230 mmHg pre-filled the valleys up to the 250 mmHg ceiling.
    monkeypatch.setattr(loop, "EXERCISE_CAP_MMHG", math.inf)
    run = bench.run_leg_press(LOP_MMHG, seed=0, ceiling_mmhg=CEILING_MMHG, sets=(15,))
    assert "over-pressure" in run.alarms
