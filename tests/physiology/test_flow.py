"""The public quick questions: occlusion pressure and flows at a pressure."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from occlusion.errors import InputError, OutOfRangeError
from occlusion.physiology import (
    Cuff,
    Restriction,
    Subject,
    flow_at_pressure,
    flow_curve,
    occlusion_pressure_mmhg,
)
from occlusion.physiology.limb import limb_arrays_for
from occlusion.physiology.parameters.spitz_2024 import MAX_STUDIED_CUFF_PRESSURE_MMHG

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


@pytest.mark.parametrize("pressure", [-5.0, float("nan"), 950.0])
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
                                            ("thigh", 66.0), ("thigh", 110.0)]),
    sbp=st.floats(95.0, 250.0),
    pulse=st.floats(25.0, 60.0),
    width=st.floats(4.0, 20.0),
    posture=st.sampled_from(["supine", "seated", "standing"]),
)
# The corner hypothesis once drew: a model LOP of 510 mmHg, above the old 500 mmHg bound but
# below the 907 mmHg Spitz et al. 2024 applied (they measured thigh LOPs above 600 mmHg).
@example(limb_and_circumference=("thigh", 66.0), sbp=170.0, pulse=60.0, width=4.0,
         posture="standing")
# Beyond any pressure studied: refused with a code rather than simulated.
@example(limb_and_circumference=("thigh", 110.0), sbp=250.0, pulse=60.0, width=4.0,
         posture="standing")
def test_closed_form_lop_is_where_the_flow_model_shuts_the_artery(
    limb_and_circumference: tuple[str, float], sbp: float, pulse: float, width: float,
    posture: str,
) -> None:
    limb, circumference = limb_and_circumference
    dbp = min(sbp - pulse, 150.0)
    person = Subject(limb, circumference, sbp, dbp, posture=posture)  # type: ignore[arg-type]
    cuff = Cuff(width)
    model_lop = limb_arrays_for([person], cuff).occlusion_pressure_mmhg[0]
    if model_lop > MAX_STUDIED_CUFF_PRESSURE_MMHG:
        with pytest.raises(OutOfRangeError) as refused:
            occlusion_pressure_mmhg(person, cuff)
        assert refused.value.code == "physiology.lop-beyond-studied-pressures"
        assert refused.value.fields["limit_mmhg"] == MAX_STUDIED_CUFF_PRESSURE_MMHG
        return
    lop = occlusion_pressure_mmhg(person, cuff)
    below, at = flow_curve(person, cuff, [0.995 * lop, lop], reading_time_s=0.0)
    assert below.arterial_inflow_pct > 0.0
    assert at.arterial_inflow_pct == pytest.approx(0.0, abs=1e-9)


def test_the_pressure_bound_is_the_highest_pressure_studied() -> None:
    assert flow_at_pressure(THIGH, Cuff(13.5), 907.0, reading_time_s=0.0).pct_lop > 100.0
    with pytest.raises(OutOfRangeError):
        flow_at_pressure(THIGH, Cuff(13.5), 907.5)
