"""The guided LOP protocol (Loenneke 2012 sequence) and the measurement record."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion.errors import InputError
from occlusion.science.lop.walkthrough import (
    MeasurementState,
    advance,
    parse_answer,
    preparation_steps,
    start_measurement,
)
from occlusion.services.lop_walkthrough import replay as run_measurement

READY = ["", "", ""]


def pressures(state: MeasurementState) -> list[float]:
    return [check.pressure_mmhg for check in state.checks]


def test_preparation_comes_first_then_50_mmhg() -> None:
    state = start_measurement(limb="thigh", sbp_mmhg=120)
    keys = []
    while state.step.kind == "instruction":
        keys.append(state.step.key)
        state = advance(state, "")
    assert keys == ["position", "place-cuff", "find-pulse"]
    assert state.step.target_pressure_mmhg == 50.0
    assert state.step.hold_s == 30.0
    assert state.step.deflate_s == 10.0
    assert state.phase == "ascending"


def test_loenneke_sequence_50_sbp_then_plus_40_then_down_by_10() -> None:
    state = run_measurement([*READY, "y", "y", "y", "n", "n", "y"], limb="thigh", sbp_mmhg=123)
    assert pressures(state) == [50, 120, 160, 200, 190, 180]
    assert state.outcome == "occluded"
    # The lowest pressure at which the pulse was absent.
    assert state.lop_mmhg == 190
    assert state.finished
    assert state.step.kind == "finished"
    assert "190 mmHg" in state.step.instruction


def test_without_sbp_the_second_step_is_skipped() -> None:
    state = run_measurement([*READY, "y", "y", "n", "y"], limb="arm")
    assert pressures(state) == [50, 90, 130, 120]
    assert state.lop_mmhg == 130


def test_pulse_gone_at_systolic_pressure_steps_down_from_there() -> None:
    state = run_measurement([*READY, "y", "n", "n", "n", "y"], limb="thigh", sbp_mmhg=140)
    assert pressures(state) == [50, 140, 130, 120, 110]
    assert state.lop_mmhg == 120


def test_ceiling_is_never_exceeded_and_ends_without_a_result() -> None:
    state = run_measurement([*READY, *["y"] * 20], limb="thigh", sbp_mmhg=120, ceiling_mmhg=250)
    assert pressures(state) == [50, 120, 160, 200, 240, 250]
    assert state.outcome == "not-occluded-at-ceiling"
    assert state.lop_mmhg is None
    assert "250 mmHg" in state.step.instruction


def test_ceiling_is_rounded_down_to_10_mmhg() -> None:
    state = run_measurement([*READY, *["y"] * 20], limb="thigh", sbp_mmhg=120, ceiling_mmhg=255)
    assert max(pressures(state)) == 250


def test_default_ceiling_is_300_mmhg() -> None:
    state = run_measurement([*READY, *["y"] * 20], limb="thigh", sbp_mmhg=120)
    assert max(pressures(state)) == 300


@pytest.mark.parametrize("answers_before_stop", [0, 1, 3, 5, 6])
def test_stop_ends_at_once_with_deflate_instruction(answers_before_stop: int) -> None:
    script = [*READY, "y", "y", "n", "n"][:answers_before_stop]
    state = run_measurement([*script, "stop", "y", "y"], limb="thigh", sbp_mmhg=120)
    assert state.outcome == "stopped"
    assert state.lop_mmhg is None
    assert "Deflate" in state.step.instruction


def test_no_pulse_at_50_mmhg_asks_to_find_the_pulse_again() -> None:
    state = run_measurement([*READY, "n"], limb="thigh", sbp_mmhg=120)
    assert state.outcome == "no-pulse-at-start"
    assert state.lop_mmhg is None


def test_answers_are_parsed_per_step_and_nonsense_is_refused() -> None:
    state = start_measurement(limb="thigh")
    assert parse_answer(state, "") == "done"
    assert parse_answer(state, " STOP ") == "stop"
    with pytest.raises(InputError, match="not understood") as refused:
        advance(state, "maybe")
    assert refused.value.code == "lop.walkthrough.answer-not-understood"
    assert refused.value.fields == {"answer": "maybe", "step_kind": "instruction"}
    for _ in READY:
        state = advance(state, "")
    assert parse_answer(state, "Y") == "present"
    assert parse_answer(state, "no") == "absent"
    with pytest.raises(InputError, match="not understood") as pulse:
        advance(state, "")
    assert pulse.value.fields["step_kind"] == "pulse-check"


def test_advance_after_finish_is_refused() -> None:
    state = run_measurement(["stop"], limb="arm")
    with pytest.raises(InputError, match="already finished"):
        advance(state, "y")


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"limb": "leg"}, "unknown limb"),
        ({"posture": "lying"}, "unknown posture"),
        ({"detection": "stethoscope"}, "pulse detection"),
        ({"ceiling_mmhg": 400.0}, "ceiling"),
        ({"ceiling_mmhg": 50.0}, "ceiling"),
        ({"sbp_mmhg": 20.0}, "systolic"),
        ({"sbp_mmhg": math.nan}, "finite"),
    ],
)
def test_invalid_settings(changes: dict[str, Any], text: str) -> None:
    with pytest.raises(InputError, match=text):
        start_measurement(**{"limb": "thigh", **changes})


def test_preparation_wording_follows_limb_and_detector() -> None:
    thigh = start_measurement(limb="thigh", detection="doppler").settings
    arm = start_measurement(limb="arm", detection="pulse-oximeter").settings
    assert "posterior tibial" in preparation_steps(thigh)[2].instruction
    assert "index finger" in preparation_steps(arm)[2].instruction
    assert "upper arm" in preparation_steps(arm)[1].instruction


@given(
    true_lop_mmhg=st.floats(55, 320),
    sbp_mmhg=st.one_of(st.none(), st.floats(80, 200)),
    ceiling_mmhg=st.floats(100, 300),
)
def test_protocol_finds_lop_to_the_nearest_10_mmhg_above(
    true_lop_mmhg: float, sbp_mmhg: float | None, ceiling_mmhg: float
) -> None:
    """A person whose pulse vanishes at ``true_lop_mmhg`` and above."""
    state = start_measurement(limb="thigh", sbp_mmhg=sbp_mmhg, ceiling_mmhg=ceiling_mmhg)
    for _ in range(200):
        if state.finished:
            break
        pressure = state.step.target_pressure_mmhg
        if pressure is None:
            state = advance(state, "")
            continue
        assert pressure <= ceiling_mmhg
        assert pressure % 10 == 0
        state = advance(state, "n" if pressure >= true_lop_mmhg else "y")
    assert state.finished
    if true_lop_mmhg > math.floor(ceiling_mmhg / 10) * 10:
        assert state.outcome == "not-occluded-at-ceiling"
    else:
        assert state.outcome == "occluded"
        assert state.lop_mmhg == math.ceil(true_lop_mmhg / 10) * 10
        assert state.lop_mmhg is not None and state.lop_mmhg % 10 == 0
    json.dumps(state.as_dict())


@given(
    answers=st.lists(st.sampled_from(["", "y", "n", "stop", "maybe", "Y", "no"]), max_size=60),
    sbp_mmhg=st.one_of(st.none(), st.floats(80, 240)),
    ceiling_mmhg=st.floats(100, 300),
)
def test_any_answers_keep_the_machine_safe(
    answers: list[str], sbp_mmhg: float | None, ceiling_mmhg: float
) -> None:
    state = start_measurement(limb="arm", sbp_mmhg=sbp_mmhg, ceiling_mmhg=ceiling_mmhg)
    for answer in answers:
        if state.finished:
            break
        try:
            state = advance(state, answer)
        except InputError:
            continue
        target = state.step.target_pressure_mmhg
        assert target is None or 0 < target <= ceiling_mmhg
    if state.outcome == "occluded":
        assert state.lop_mmhg is not None
        assert any(not check.pulse_present and check.pressure_mmhg == state.lop_mmhg
                   for check in state.checks)  # fmt: skip
    else:
        assert state.lop_mmhg is None


def test_progress_counts_every_step_and_the_phase_bounds() -> None:
    state = start_measurement(limb="arm", sbp_mmhg=118)
    assert state.progress() == {
        "step_number": 1, "phase": "preparation", "phase_step": 1, "phase_steps": 3,
    }
    for _ in READY:
        state = advance(state, "")
    # 50, 120 (SBP 118 rounded), 160, 200, 240, 280, 300 mmHg.
    assert state.progress() == {
        "step_number": 4, "phase": "ascending", "phase_step": 1, "phase_steps": 7,
    }
    for answer in ("y", "y", "n"):
        state = advance(state, answer)
    assert state.progress() == {
        "step_number": 7, "phase": "descending", "phase_step": 1, "phase_steps": None,
    }
    state = advance(state, "n")
    assert state.progress()["phase_step"] == 2
    state = advance(state, "y")
    assert state.finished and state.lop_mmhg == 150
    assert state.progress()["step_number"] == 8
    assert state.as_dict()["progress"] == state.progress()


@given(st.lists(st.sampled_from(["y", "n"]), max_size=40))
def test_each_answer_moves_the_step_count_by_one(answers: list[str]) -> None:
    state = start_measurement(limb="thigh", sbp_mmhg=125)
    for answer in [*READY, *answers]:
        if state.finished:
            break
        before = state.progress()
        state = advance(state, answer)
        after = state.progress()
        if not state.finished:
            assert after["step_number"] == before["step_number"] + 1
        if after["phase_steps"] is not None:
            assert 1 <= after["phase_step"] <= after["phase_steps"]
