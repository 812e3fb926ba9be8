"""The manual LOP protocol as data (Loenneke 2012)."""

from __future__ import annotations

import json

from occlusion import evidence
from occlusion.science.lop.walkthrough_steps import (
    ASCENDING_STEP_MMHG,
    DEFAULT_CEILING_MMHG,
    DEFLATE_S,
    DESCENDING_STEP_MMHG,
    FIRST_PRESSURE_MMHG,
    HOLD_S,
    LOENNEKE_2012_PROTOCOL,
    MeasurementSettings,
    inflation_step,
    preparation_steps,
)


def test_timings_and_steps_are_the_published_ones() -> None:
    assert (FIRST_PRESSURE_MMHG, ASCENDING_STEP_MMHG, DESCENDING_STEP_MMHG) == (50, 40, 10)
    assert (HOLD_S, DEFLATE_S) == (30, 10)
    assert DEFAULT_CEILING_MMHG == 300
    assert evidence.get(LOENNEKE_2012_PROTOCOL.key) == LOENNEKE_2012_PROTOCOL
    assert LOENNEKE_2012_PROTOCOL.doi == "10.1007/s00421-011-2266-8"


def test_inflation_step_is_a_pulse_check_with_hold_and_release() -> None:
    up = inflation_step(160.0, "ascending")
    down = inflation_step(150.0, "descending")
    assert up.kind == down.kind == "pulse-check"
    assert up.key == "inflate" and down.key == "step-down"
    assert up.target_pressure_mmhg == 160.0
    assert "160 mmHg" in (up.question or "")
    json.dumps(up.as_dict())


def test_preparation_is_three_instructions_in_the_training_posture() -> None:
    settings = MeasurementSettings(
        limb="thigh", posture="standing", detection="pulse-oximeter", sbp_mmhg=None,
        ceiling_mmhg=250.0,
    )  # fmt: skip
    steps = preparation_steps(settings)
    assert [step.kind for step in steps] == ["instruction"] * 3
    assert "(standing)" in steps[0].instruction
    assert "250 mmHg" in steps[1].instruction
    assert "big toe" in steps[2].instruction


def test_the_rest_before_measuring_is_a_timed_wait() -> None:
    from occlusion.science.lop.walkthrough_steps import REST_BEFORE_MIN
    from occlusion.vocabulary import DetectionMethod, Limb, Posture

    settings = MeasurementSettings(
        limb=Limb.ARM, posture=Posture.SEATED, detection=DetectionMethod.DOPPLER,
        sbp_mmhg=None, ceiling_mmhg=DEFAULT_CEILING_MMHG,
    )
    position, place, find = preparation_steps(settings)
    assert position.wait_s == REST_BEFORE_MIN * 60 == 300
    assert place.wait_s is None and find.wait_s is None
    assert position.as_dict()["wait_s"] == 300
    assert inflation_step(120.0, "ascending").wait_s is None
