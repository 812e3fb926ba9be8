"""Target pressure as % of LOP: ranges by limb, mode and goal, and the conversion to mmHg."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion.errors import InputError, NotEstimableError
from occlusion.science.protocols.pressure_targets import pressure_from_pct_lop, recommended_pct_lop
from occlusion.vocabulary import Goal, Limb


@pytest.mark.parametrize(
    ("pct", "expected_mmhg"), [(40, 57.6), (50, 72.0), (60, 86.4), (80, 115.2)]
)
def test_a6_relative_pressure_of_144_mmhg(pct: float, expected_mmhg: float) -> None:
    assert pressure_from_pct_lop(144.0, pct) == pytest.approx(expected_mmhg, abs=1e-9)


@pytest.mark.parametrize(
    ("lop", "pct", "text"),
    [
        (144.0, 0.0, "above 0"),
        (144.0, -10.0, "target pressure"),
        (144.0, 120.0, "target pressure"),
        (144.0, math.nan, "finite"),
        (5.0, 50.0, "limb occlusion pressure"),
        (5000.0, 50.0, "limb occlusion pressure"),
    ],
)
def test_invalid_conversions(lop: float, pct: float, text: str) -> None:
    with pytest.raises(InputError, match=text):
        pressure_from_pct_lop(lop, pct)


@given(lop=st.floats(40, 1000), low=st.floats(1, 100), high=st.floats(1, 100))
def test_conversion_is_monotonic_and_never_above_lop(lop: float, low: float, high: float) -> None:
    low, high = sorted((low, high))
    assert pressure_from_pct_lop(lop, low) <= pressure_from_pct_lop(lop, high) <= lop


@pytest.mark.parametrize("limb", tuple(Limb))
@pytest.mark.parametrize("mode", ["resistance", "aerobic"])
@pytest.mark.parametrize("goal", [None, *tuple(Goal)])
def test_exercise_modes_get_40_to_80_pct(limb: str, mode: str, goal: str | None) -> None:
    advice = recommended_pct_lop(limb=limb, mode=mode, goal=goal)  # type: ignore[arg-type]
    assert (advice.low_pct, advice.high_pct) == (40.0, 80.0)
    assert advice.low_pct <= advice.default_pct <= advice.high_pct
    keys = {reference.key for reference in advice.references}
    assert "ais_bfr_guidelines_vald_summary" in keys
    document = advice.as_dict()
    json.dumps(document)
    assert document["default_pct"] == advice.default_pct


def test_starting_points() -> None:
    assert recommended_pct_lop(limb="thigh", mode="resistance").default_pct == 50.0
    assert recommended_pct_lop(limb="arm", mode="resistance", goal="hypertrophy").default_pct == 50
    rehab = recommended_pct_lop(limb="thigh", mode="resistance", goal="rehabilitation")
    assert rehab.default_pct == 40.0
    assert recommended_pct_lop(limb="thigh", mode="aerobic").default_pct == 40.0
    hormesis = recommended_pct_lop(limb="arm", mode="resistance")
    assert "loenneke_2014_hormesis_pct_aop" in {ref.key for ref in hormesis.references}


def test_pressures_for_a_measured_lop() -> None:
    advice = recommended_pct_lop(limb="thigh", mode="resistance")
    assert advice.pressures_mmhg(200.0) == {
        "low_mmhg": 80.0,
        "default_mmhg": 100.0,
        "high_mmhg": 160.0,
    }


@pytest.mark.parametrize("mode", ["passive", "ischemic-preconditioning", "kaatsu-cycle", "floss"])
def test_modes_not_prescribed_as_pct_lop_are_refused_with_reason(mode: str) -> None:
    with pytest.raises(NotEstimableError, match="no % LOP recommendation"):
        recommended_pct_lop(limb="thigh", mode=mode)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("limb", "mode", "goal", "text"),
    [
        ("leg", "resistance", None, "unknown limb"),
        ("arm", "yoga", None, "unknown mode"),
        ("arm", "resistance", "fun", "unknown goal"),
    ],
)
def test_unknown_values(limb: str, mode: str, goal: str | None, text: str) -> None:
    with pytest.raises(InputError, match=text):
        recommended_pct_lop(limb=limb, mode=mode, goal=goal)  # type: ignore[arg-type]
