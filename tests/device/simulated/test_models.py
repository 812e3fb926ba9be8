"""The simulator's equations against values worked out by hand from their written form."""

from __future__ import annotations

import math

import pytest

from occlusion.device.simulated.exercise import (
    CREEP_FRACTION_OF_TARGET,
    PEAK_FRACTION_OF_TARGET,
    VALLEY_FRACTION_OF_TARGET,
    ExerciseDisturbance,
    leg_press_periods,
)
from occlusion.device.simulated.limb import RESIDUAL_KNOCK_FRACTION, PulsatileLimb
from occlusion.device.simulated.pneumatics import (
    ARM_CUFF,
    ATMOSPHERIC_MMHG,
    THIGH_CUFF,
    CuffPneumatics,
    orifice_flow_ml_s,
)
from occlusion.errors import InputError


def test_orifice_flow_by_hand() -> None:
    # device.md 4.2 sanity check: a 1 mm orifice passes about 120 mL/s at 300 mmHg.
    # Q = G * sqrt(P (P + 760) / 760) = 5.9 * sqrt(300 * 1060 / 760) = 5.9 * 20.455 = 120.7
    assert orifice_flow_ml_s(5.9, 300.0) == pytest.approx(120.7, abs=0.1)
    assert orifice_flow_ml_s(5.9, 0.0) == 0.0
    assert orifice_flow_ml_s(5.9, -3.0) == 0.0


def test_bladder_volume_and_compliance_by_hand() -> None:
    cuff = CuffPneumatics(THIGH_CUFF)
    assert cuff.bladder_volume_ml(0.0) == pytest.approx(15.0)
    # V(30) = 15 + 400 (1 - e^-2) + 0.5 * 30 = 15 + 345.86 + 15 = 375.86 mL
    assert cuff.bladder_volume_ml(30.0) == pytest.approx(375.86, abs=0.01)
    # dV/dP(30) = 400/15 e^-2 + 0.5 = 3.609 + 0.5 = 4.109 mL/mmHg
    assert cuff.compliance_ml_per_mmhg(30.0) == pytest.approx(4.109, abs=0.001)
    # C_fa(160) = (V + P_abs dV/dP) / P_atm, V = 15 + 400 (1 - e^-10.67) + 80 = 494.99
    volume = 15.0 + 400.0 * (1.0 - math.exp(-160.0 / 15.0)) + 80.0
    slope = 400.0 / 15.0 * math.exp(-160.0 / 15.0) + 0.5
    expected = (volume + 920.0 * slope) / ATMOSPHERIC_MMHG
    assert cuff.free_air_compliance_ml_per_mmhg(160.0) == pytest.approx(expected)


def test_pump_flow_falls_linearly_to_stall() -> None:
    cuff = CuffPneumatics(ARM_CUFF)
    cuff.pressure_mmhg = ARM_CUFF.pump_stall_mmhg / 2
    assert cuff.pump_flow_ml_s(1.0) == pytest.approx(ARM_CUFF.pump_free_flow_ml_s / 2)
    cuff.pressure_mmhg = ARM_CUFF.pump_stall_mmhg + 10
    assert cuff.pump_flow_ml_s(1.0) == 0.0


def test_air_is_conserved_while_pumping_into_a_closed_cuff() -> None:
    cuff = CuffPneumatics(ARM_CUFF)
    free_air = 0.0
    for _ in range(2000):  # 10 s in 5 ms steps
        free_air += cuff.pump_flow_ml_s(0.5) * 0.005
        cuff.step(0.005, 0.5, 0.0, False, 0.0)
    pressure = cuff.pressure_mmhg
    stored = (pressure + ATMOSPHERIC_MMHG) * cuff.bladder_volume_ml(pressure) / ATMOSPHERIC_MMHG
    initial = cuff.bladder_volume_ml(0.0)
    assert stored - initial == pytest.approx(free_air, rel=0.02)


def test_limb_volume_pushes_a_closed_cuff_by_volume_over_compliance() -> None:
    cuff = CuffPneumatics(THIGH_CUFF)
    cuff.pressure_mmhg = 160.0
    compliance = cuff.free_air_compliance_ml_per_mmhg(160.0)
    for step in range(1, 201):  # 5 mL pushed in slowly over 1 s
        cuff.step(0.005, 0.0, 0.0, False, 5.0 * step / 200)
    # By hand: dP = (P_abs / P_atm) dV / C_fa = (920 / 760) * 5 / C_fa(160)
    assert cuff.pressure_mmhg - 160.0 == pytest.approx(920 / 760 * 5.0 / compliance, rel=0.03)
    assert cuff.limb_ml_per_mmhg(160.0) == pytest.approx(compliance * 760 / 920)


def test_pulsation_vanishes_at_the_true_occlusion_pressure() -> None:
    limb = PulsatileLimb(200.0, sbp_mmhg=120.0, dbp_mmhg=75.0)

    def swing(cuff_mmhg: float) -> float:
        return limb.arterial_volume_ml(120.0, cuff_mmhg) - limb.arterial_volume_ml(75.0, cuff_mmhg)

    knock = RESIDUAL_KNOCK_FRACTION * limb.pulsatile_volume_ml
    assert swing(200.0) == pytest.approx(knock)
    assert swing(260.0) == pytest.approx(knock)
    # Largest where k * P_cuff equals diastolic pressure: P = 75 / 0.6 = 125 mmHg.
    peak = max(range(40, 200), key=lambda p: swing(float(p)))
    assert peak == pytest.approx(125, abs=2)
    # By hand at P = 125: V0 (1 - e^(-45/25)) + knock = 2.5 * 0.8347 + 0.2
    assert swing(125.0) == pytest.approx(2.5 * (1 - math.exp(-45 / 25)) + knock, abs=1e-6)


def test_arm_oscillations_are_in_the_measured_range() -> None:
    # Liu et al. 2014: maximum oscillation 3.7 +/- 0.9 mmHg on inflation (arm cuff).
    limb = PulsatileLimb(150.0, sbp_mmhg=120.0, dbp_mmhg=75.0)
    cuff = CuffPneumatics(ARM_CUFF)
    at = 75.0 / limb.transmission
    swing_ml = limb.arterial_volume_ml(120.0, at) - limb.arterial_volume_ml(75.0, at)
    swing_mmhg = swing_ml / cuff.free_air_compliance_ml_per_mmhg(at)
    assert 3.7 - 2 * 0.9 <= swing_mmhg <= 3.7 + 2 * 0.9


def test_limb_refuses_impossible_pressures() -> None:
    with pytest.raises(InputError) as caught:
        PulsatileLimb(150.0, sbp_mmhg=80.0, dbp_mmhg=90.0)
    assert caught.value.code == "input.diastolic-not-below-systolic"
    assert caught.value.fields == {"sbp_mmhg": 80.0, "dbp_mmhg": 90.0}
    with pytest.raises(InputError) as caught:
        PulsatileLimb(60.0, dbp_mmhg=75.0)
    assert caught.value.code == "device.sim.lop-not-above-diastolic"
    assert caught.value.fields == {"lop_mmhg": 60.0, "dbp_mmhg": 75.0}


def test_exercise_swings_a_closed_cuff_as_calibrated() -> None:
    periods = leg_press_periods(0.0, sets=(3,), repetition_s=2.0)
    disturbance = ExerciseDisturbance(periods, 1.0, 100.0, seed=1, creep_start_s=1e9)
    volumes = [disturbance.volume_ml(i * 0.01) for i in range(600)]
    scales = [disturbance._scale(0, rep) for rep in range(3)]
    assert max(volumes) == pytest.approx(
        PEAK_FRACTION_OF_TARGET * 100.0 * max(s[0] for s in scales), rel=0.02
    )
    assert min(volumes) == pytest.approx(
        -VALLEY_FRACTION_OF_TARGET * 100.0 * max(s[1] for s in scales), rel=0.02
    )
    creeping = ExerciseDisturbance([], 1.0, 100.0, creep_start_s=0.0)
    assert creeping.volume_ml(1e6) == pytest.approx(-CREEP_FRACTION_OF_TARGET * 100.0)


def test_leg_press_periods_follow_the_protocol() -> None:
    periods = leg_press_periods(10.0)
    assert [p.kind for p in periods] == ["exercise", "rest"] * 3 + ["exercise"]
    assert [round(p.end_s - p.start_s) for p in periods] == [60, 30, 30, 30, 30, 30, 30]
    with pytest.raises(InputError) as caught:
        leg_press_periods(0.0, sets=(0,))
    assert caught.value.code == "device.sim.set-without-repetitions"
    assert caught.value.fields == {"sets": [0]}
