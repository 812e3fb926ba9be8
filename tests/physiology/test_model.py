"""The model equations: resting fixed point, the cycle-averaged artery, the Starling veins."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from occlusion.physiology import Cuff, Subject
from occlusion.physiology.limb import limb_arrays_for
from occlusion.physiology.model import (
    SCALAR_OPERATIONS,
    Forcing,
    _cycle_mean_inflow_drive,
    derivatives,
    flows_ml_s,
    pooled_volume_per_100ml,
    reported_tissue_saturation,
    resting_state,
    venous_pressure_mmhg,
)
from occlusion.physiology.parameters import ijes_2023_pressor


def _numeric_drive(mean: float, amplitude: float, tissue: float, downstream: float) -> float:
    theta = np.linspace(0.0, 2 * np.pi, 200_001)[:-1]
    pressure = mean + amplitude * np.sin(theta)
    is_open = pressure > tissue
    return float(np.mean(np.where(is_open, np.maximum(pressure - downstream, 0.0), 0.0)))


@pytest.mark.parametrize(
    ("tissue", "downstream"),
    [(0.0, 12.0), (48.0, 12.0), (96.0, 12.0), (110.0, 30.0), (60.0, 90.0), (130.0, 12.0)],
)
def test_cycle_average_matches_numerical_quadrature(tissue: float, downstream: float) -> None:
    analytic = _cycle_mean_inflow_drive(
        np.array([95.0]), np.array([25.0]), np.array([tissue]), np.array([downstream])
    )[0]
    assert analytic == pytest.approx(_numeric_drive(95.0, 25.0, tissue, downstream), abs=1e-3)


def test_unrestricted_drive_is_mean_minus_venous_pressure() -> None:
    drive = _cycle_mean_inflow_drive(
        np.array([95.0]), np.array([25.0]), np.array([0.0]), np.array([12.0])
    )
    assert drive[0] == pytest.approx(83.0)


subjects = st.builds(
    Subject,
    limb=st.sampled_from(["arm", "thigh"]),
    circumference_cm=st.floats(30.0, 65.0),
    sbp_mmhg=st.floats(95.0, 180.0),
    dbp_mmhg=st.floats(55.0, 90.0),
    posture=st.sampled_from(["supine", "seated", "standing"]),
)


@settings(max_examples=50)
@given(subject=subjects, width=st.floats(4.0, 18.0))
def test_rest_without_cuff_is_a_fixed_point(subject: Subject, width: float) -> None:
    limb = limb_arrays_for([subject], Cuff(width))
    state = resting_state(limb)
    rates = derivatives(state, Forcing(np.zeros(1)), limb)
    assert np.allclose(rates, 0.0, atol=1e-12)
    inflow, outflow = flows_ml_s(state, Forcing(np.zeros(1)), limb)
    assert inflow[0] == pytest.approx(limb.resting_flow_ml_s[0])
    assert outflow[0] == pytest.approx(limb.resting_flow_ml_s[0])


@settings(max_examples=50)
@given(subject=subjects, width=st.floats(4.0, 18.0), above=st.floats(1.0, 1.5))
def test_artery_closed_at_and_above_occlusion_pressure(
    subject: Subject, width: float, above: float
) -> None:
    limb = limb_arrays_for([subject], Cuff(width))
    pressure = limb.occlusion_pressure_mmhg * above
    inflow, outflow = flows_ml_s(resting_state(limb), Forcing(pressure), limb)
    assert inflow[0] == pytest.approx(0.0, abs=1e-12)
    assert outflow[0] == 0.0


def test_veins_close_while_tissue_pressure_exceeds_venous_pressure() -> None:
    limb = limb_arrays_for([Subject("thigh", 55.0, 120.0, 70.0)], Cuff(13.5))
    # k * P_cuff = 20 mmHg > resting venous pressure 12 mmHg: outflow stops, inflow continues.
    pressure = np.array([20.0 / limb.transmitted_fraction[0]])
    inflow, outflow = flows_ml_s(resting_state(limb), Forcing(pressure), limb)
    assert outflow[0] == 0.0
    assert inflow[0] == pytest.approx(limb.resting_flow_ml_s[0])
    # Once pooled blood lifts venous pressure above 20 mmHg, outflow resumes.
    state = resting_state(limb)
    state[0, 0] = limb.tissue_per_100ml[0] * pooled_volume_per_100ml(22.0)
    _, outflow = flows_ml_s(state, Forcing(pressure), limb)
    assert outflow[0] == pytest.approx(limb.venous_conductance[0] * 2.0)


def test_contraction_pumps_blood_past_the_cuff() -> None:
    limb = limb_arrays_for([Subject("thigh", 55.0, 120.0, 70.0)], Cuff(13.5))
    pressure = 0.8 * limb.occlusion_pressure_mmhg
    state = resting_state(limb)
    relaxed = flows_ml_s(state, Forcing(pressure, 1.0, 0.0, 0.3), limb)[1]
    contracted = flows_ml_s(state, Forcing(pressure, 1.0, 1.0, 0.3), limb)[1]
    assert relaxed[0] == 0.0
    assert contracted[0] == 0.0  # 12 + 60 < 96 mmHg: even the pump cannot open the veins yet
    state[0, 0] = limb.tissue_per_100ml[0] * pooled_volume_per_100ml(52.0)
    contracted = flows_ml_s(state, Forcing(pressure, 1.0, 1.0, 0.3), limb)[1]
    assert contracted[0] > 0.0


@pytest.mark.parametrize("pressure_mmhg", [0.0, 5.0, 12.0, 30.0, 45.0, 60.0])
def test_venous_pressure_inverts_the_published_quadratic(pressure_mmhg: float) -> None:
    # OpenSIUC gs_rp/96, fasted: calf volume = b0 + 0.0781 P - 0.0005 P^2 [ml/100 ml].
    def published(p: float) -> float:
        return 0.5741 + 0.0781 * p - 0.0005 * p * p

    pooled = published(pressure_mmhg) - published(12.0)
    assert venous_pressure_mmhg(np.array([pooled]))[0] == pytest.approx(pressure_mmhg, abs=1e-9)
    assert venous_pressure_mmhg(pooled, SCALAR_OPERATIONS) == pytest.approx(
        pressure_mmhg, abs=1e-9
    )


def test_venous_pressure_continues_straight_above_the_curve() -> None:
    # Above 60 mmHg the compliance stays at its value at 60 mmHg: 0.0781 - 0.001 * 60.
    at_top = pooled_volume_per_100ml(60.0)
    step = 0.0181 * 20.0
    assert venous_pressure_mmhg(np.array([at_top + step]))[0] == pytest.approx(80.0)
    assert venous_pressure_mmhg(np.array([-5.0]))[0] == 0.0


def test_pressor_slopes_are_the_published_rise_from_no_restriction_to_80_pct_lop() -> None:
    # Int J Exerc Sci 2023;16(2):676: peak SBP 160.7 -> 193.5 and DBP 74.9 -> 97.7 mmHg.
    systolic = ijes_2023_pressor.SYSTOLIC_RISE_MMHG_PER_PCT_LOP
    diastolic = ijes_2023_pressor.DIASTOLIC_RISE_MMHG_PER_PCT_LOP
    assert systolic == pytest.approx((193.5 - 160.7) / 80)
    assert diastolic == pytest.approx((97.7 - 74.9) / 80)


def test_pressor_response_acts_only_in_sets_with_the_cuff_on() -> None:
    limb = limb_arrays_for([Subject("thigh", 55.0, 120.0, 70.0)], Cuff(13.5))
    pressure = 0.5 * limb.occlusion_pressure_mmhg
    state = resting_state(limb)
    resting = flows_ml_s(state, Forcing(pressure), limb)[0]
    in_set = flows_ml_s(state, Forcing(pressure, 1.0, 0.0, 0.3), limb)[0]
    # At 50 % LOP the artery never closes (tissue pressure 60 < diastolic 70 mmHg), so inflow
    # is conductance x (mean - venous): the set adds (0.41 + 0.285) / 2 x 50 mmHg to the mean.
    rise = 0.5 * (0.41 + 0.285) * 50.0
    expected = limb.arterial_conductance * (95.0 + rise - 12.0)
    assert in_set[0] == pytest.approx(expected[0], rel=1e-9)
    assert resting[0] == pytest.approx(limb.arterial_conductance[0] * (95.0 - 12.0), rel=1e-9)
    free = flows_ml_s(state, Forcing(np.zeros(1), 1.0, 0.0, 0.3), limb)[0]
    assert free[0] == pytest.approx(limb.resting_flow_ml_s[0], rel=1e-9)


def test_nirs_reports_a_quarter_arterial_three_quarters_venous() -> None:
    # Bickler et al. 2013: INVOS weighting 25 % arterial / 75 % venous.
    assert reported_tissue_saturation(0.70) == pytest.approx(0.25 * 0.97 + 0.75 * 0.70)
    assert reported_tissue_saturation(np.array([0.2]))[0] == pytest.approx(0.25 * 0.97 + 0.15)
