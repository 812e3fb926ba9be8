"""The public quick questions: occlusion pressure and flows at a pressure."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from occlusion.errors import InputError
from occlusion.physiology import (
    Cuff,
    Restriction,
    Subject,
    flow_at_pressure,
    flow_curve,
    occlusion_pressure_mmhg,
)

THIGH = Subject("thigh", 55.0, 120.0, 70.0)


def test_no_pressure_means_resting_flows() -> None:
    point = flow_at_pressure(THIGH, Cuff(13.5), 0.0)
    assert point.arterial_inflow_pct == pytest.approx(100.0)
    assert point.venous_outflow_pct == pytest.approx(100.0)
    assert point.pct_lop == 0.0
    assert point.venous_outflow_present


def test_at_occlusion_pressure_nothing_flows() -> None:
    lop = occlusion_pressure_mmhg(THIGH, Cuff(13.5))
    point = flow_at_pressure(THIGH, Cuff(13.5), lop)
    assert point.arterial_inflow_pct == pytest.approx(0.0, abs=1e-9)
    assert point.venous_outflow_pct == 0.0
    assert point.pct_lop == pytest.approx(100.0)


def test_40_and_80_pct_lop_at_the_reading_time() -> None:
    lop = occlusion_pressure_mmhg(THIGH, Cuff(13.5))
    low, high = flow_curve(THIGH, Cuff(13.5), [0.4 * lop, 0.8 * lop])
    assert low.venous_outflow_present and not high.venous_outflow_present
    assert 0.0 < high.arterial_inflow_pct < low.arterial_inflow_pct < 100.0
    assert low.reading_time_s == 60.0


def test_instant_reading_shows_the_artery_alone() -> None:
    lop = occlusion_pressure_mmhg(THIGH, Cuff(13.5))
    # Below diastolic pressure at depth the artery is fully open at the instant of inflation.
    point = flow_at_pressure(THIGH, Cuff(13.5), 0.4 * lop, reading_time_s=0.0)
    assert point.arterial_inflow_pct == pytest.approx(100.0)
    assert point.venous_outflow_pct == 0.0


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.0, 300.0), min_size=2, max_size=6))
def test_instant_arterial_inflow_never_rises_with_pressure(pressures: list[float]) -> None:
    ordered = sorted(pressures)
    points = flow_curve(THIGH, Cuff(10.0), ordered, reading_time_s=0.0)
    inflows = [point.arterial_inflow_pct for point in points]
    assert all(a >= b - 1e-9 for a, b in itertools.pairwise(inflows))


def test_restriction_is_the_cuff() -> None:
    assert Restriction is Cuff


@pytest.mark.parametrize("pressure", [-5.0, float("nan"), 900.0])
def test_impossible_pressures_are_refused(pressure: float) -> None:
    with pytest.raises(InputError):
        flow_at_pressure(THIGH, Cuff(13.5), pressure)


def test_empty_pressure_list_is_refused() -> None:
    with pytest.raises(InputError, match="at least one"):
        flow_curve(THIGH, Cuff(13.5), [])


@pytest.mark.parametrize("width", [2.5, 25.0])
def test_cuffs_outside_the_validity_range_are_refused(width: float) -> None:
    from occlusion.errors import OutOfRangeError

    with pytest.raises(OutOfRangeError, match="validity range"):
        occlusion_pressure_mmhg(THIGH, Cuff(width))


@settings(max_examples=25, deadline=None)
@given(
    limb_and_circumference=st.sampled_from([("arm", 25.0), ("arm", 38.0), ("thigh", 48.0),
                                            ("thigh", 66.0)]),
    sbp=st.floats(95.0, 170.0),
    pulse=st.floats(25.0, 60.0),
    width=st.floats(4.0, 20.0),
    posture=st.sampled_from(["supine", "seated", "standing"]),
)
def test_closed_form_lop_is_where_the_flow_model_shuts_the_artery(
    limb_and_circumference: tuple[str, float], sbp: float, pulse: float, width: float,
    posture: str,
) -> None:
    limb, circumference = limb_and_circumference
    person = Subject(limb, circumference, sbp, sbp - pulse, posture=posture)  # type: ignore[arg-type]
    lop = occlusion_pressure_mmhg(person, Cuff(width))
    below, at = flow_curve(person, Cuff(width), [0.995 * lop, lop], reading_time_s=0.0)
    assert below.arterial_inflow_pct > 0.0
    assert at.arterial_inflow_pct == pytest.approx(0.0, abs=1e-9)
