"""Forearm handgrip protocols in the model: onset kinetics (E-tau), steady conductance (E-ss), the
arm's flow per oxygen (E-VO2a), single contractions (E-ROV) and the balloon (C4's lead)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from occlusion.errors import OutOfRangeError
from occlusion.physiology import fast_rhs, model
from occlusion.physiology.handgrip import (
    arm_flow_per_oxygen,
    hypoperfused_exercise,
    onset_time_constant_duty_cycles,
    single_contraction_rise,
    steady_conductance_ratio,
    steady_handgrip,
)
from occlusion.physiology.parameters import (
    casey_2015_vasodilator_kinetics,
    forearm_graded_handgrip,
    knee_extension_flow_oxygen,
    nyberg_2018_forearm_flow_oxygen,
    rapid_onset_vasodilation,
    van_der_touw_2008_single_contraction,
)
from occlusion.physiology.parameters import casey_joyner_hypoperfusion as published

#: The fall of perfusion drive whose flow fall, with the published 31 % rise of resistance at
#: the onset added, is the published 37-41 %: 1 - 1.31 (1 - 0.39) = 0.20.
DRIVE_FALL = 0.20


def _set_ischaemic_gain(monkeypatch: pytest.MonkeyPatch, gain: float) -> None:
    for module in (model, fast_rhs):
        monkeypatch.setattr(module, "_DILATION_PER_DEFICIT", gain)


def _set_arm_exercise_gain(monkeypatch: pytest.MonkeyPatch, gain: float) -> None:
    # Limb constants read the gain when they are built; every experiment here builds its own.
    monkeypatch.setattr(nyberg_2018_forearm_flow_oxygen, "ARM_EXERCISE_DILATION_PER_LOAD", gain)


def _set_unsourced_exercise_gain(monkeypatch: pytest.MonkeyPatch) -> None:
    # The exercise dilation's gain before E-VO2 calibrated it (10 per unit load, both limbs):
    # the leads recorded below were followed with it.
    _set_arm_exercise_gain(monkeypatch, 10.0)
    monkeypatch.setattr(knee_extension_flow_oxygen, "EXERCISE_DILATION_PER_LOAD", 10.0)


def test_steady_conductance_follows_from_the_onset_rise_and_the_recovery() -> None:
    # Front Physiol 2012 control trial: resistance +31 %, conductance recovered 91 % of its fall.
    nadir = 1.0 / 1.31
    assert published.steady_conductance_ratio() == pytest.approx(nadir + 0.91 * (1 - nadir))
    assert published.steady_conductance_ratio() == pytest.approx(0.979, abs=0.001)
    # Full recovery is the exercise value; none stays at the nadir.
    assert published.steady_conductance_ratio(1.0) == pytest.approx(1.0)
    assert published.steady_conductance_ratio(0.0) == pytest.approx(nadir)


def test_the_drive_fall_matches_the_published_flow_fall_net_of_the_onset_constriction() -> None:
    middle_fall = sum(published.FLOW_FALL_AT_ONSET) / 2.0
    pressure_ratio = (1.0 + published.RESISTANCE_RISE_AT_ONSET) * (1.0 - middle_fall)
    assert 1.0 - pressure_ratio == pytest.approx(DRIVE_FALL, abs=0.01)


def test_model_settles_above_the_conductance_the_forearm_settled_at() -> None:
    result = hypoperfused_exercise(DRIVE_FALL)
    # Flow falls with the drive (the model has no constriction at the onset) ...
    assert result.flow_fall_at_onset == pytest.approx(0.22, abs=0.01)
    # ... and its ischaemic dilation lifts conductance 8 % above the exercise value (10 % with
    # the leg's gain and one dilation, 7 % with the unsourced gain of 10), where the forearm
    # came back to 0.979 of it (one standard error of the recovery: 0.967-0.991).
    assert result.conductance_ratio == pytest.approx(1.076, abs=0.005)
    upper = published.steady_conductance_ratio(
        published.CONDUCTANCE_RECOVERY + published.CONDUCTANCE_RECOVERY_SE
    )
    assert result.conductance_ratio > upper
    # Without a path round the balloon, the model restores far less flow than the forearm did.
    assert result.flow_recovery == pytest.approx(0.40, abs=0.01)
    assert result.flow_recovery < published.FLOW_RECOVERY


def test_a_larger_fall_of_drive_dilates_more() -> None:
    ratios = [hypoperfused_exercise(fall).conductance_ratio for fall in (0.0, 0.1, 0.2, 0.4)]
    # With no fall the 3-minute exercise is settled to within 1 % of its conductance (the slow
    # exercise dilation and the oxygen demand take 24.5 and 29 s to rise 63 %).
    assert ratios[0] == pytest.approx(1.0, abs=1e-2)
    assert ratios == sorted(ratios)


def test_the_gain_that_would_pass_c4_dilates_further_still(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A gain of 7.5 per unit deficit lifts C4 to 0.82 (test_validation); in this experiment it
    # would settle 11 % above the exercise conductance, not 2 % below it (recorded with the
    # unsourced exercise gain).
    _set_unsourced_exercise_gain(monkeypatch)
    _set_ischaemic_gain(monkeypatch, 7.5)
    assert hypoperfused_exercise(DRIVE_FALL).conductance_ratio == pytest.approx(1.112, abs=0.005)


def test_an_implausible_fall_is_refused() -> None:
    with pytest.raises(OutOfRangeError, match="fall of perfusion drive"):
        hypoperfused_exercise(1.2)


def _within_one_sd(taus: list[float]) -> list[bool]:
    sd = casey_2015_vasodilator_kinetics.tau_sd_duty_cycles()
    measured = casey_2015_vasodilator_kinetics.TAU_DUTY_CYCLES
    return [abs(tau - value) <= sd for tau, value in zip(taus, measured, strict=True)]


def test_onset_lengthens_with_load_as_the_forearms_does() -> None:
    # E-tau: 7.5, 8.8, 9.1 duty cycles at 10, 20, 30 % against 6, 9, 11 measured, each within
    # one SD (3.2) with at least 1.2 cycles to spare: the fast dilation, growing as force to
    # the power 0.546, carries a smaller share of the rise at heavier loads, where the slow
    # exercise dilation (24.5 s) and the oxygen demand (29 s) take more.
    taus = [onset_time_constant_duty_cycles(load) for load in (0.1, 0.2, 0.3)]
    assert taus == pytest.approx([7.51, 8.78, 9.10], abs=0.02)
    assert taus == sorted(taus)
    assert _within_one_sd(taus) == [True, True, True]
    sd = casey_2015_vasodilator_kinetics.tau_sd_duty_cycles()
    margins = [
        6.0 + sd - taus[0],
        sd - abs(taus[1] - 9.0),
        taus[2] - (11.0 - sd),
    ]
    assert min(margins) > 1.2


@pytest.mark.parametrize(
    ("change", "arm_gain", "taus"),
    [
        # No fast dilation: the rise is all slow, slowest at the lightest load.
        ("no fast dilation", 7.0003, [15.22, 13.82, 13.02]),
        # A fast dilation growing in proportion to force: still slowest at the lightest load.
        ("fast dilation in proportion to force", 2.7394, [11.61, 9.88, 8.90]),
        # The slow exercise dilation with the ischaemic one's 9.3 s: right trend, too fast.
        ("exercise dilation with 9.3 s", 4.8774, [3.91, 5.15, 5.46]),
        # A demand that steps (0.5 s) instead of rising with 29 s: right trend, too fast.
        ("oxygen demand stepping", 4.8932, [5.37, 6.01, 6.21]),
    ],
)
def test_each_part_of_the_exercise_hyperaemia_is_needed_for_the_onset(
    monkeypatch: pytest.MonkeyPatch, change: str, arm_gain: float, taus: list[float]
) -> None:
    # E-tau's explanation: each what-if with the arm's gain re-fitted to E-VO2a (7.43).
    if change == "no fast dilation":
        monkeypatch.setattr(rapid_onset_vasodilation, "fast_dilation_gain", lambda: 0.0)
    if change == "fast dilation in proportion to force":
        monkeypatch.setattr(rapid_onset_vasodilation, "load_exponent", lambda: 1.0)
        for module in (model, fast_rhs):
            monkeypatch.setattr(module, "_FAST_LOAD_EXPONENT", 1.0)
    if change == "exercise dilation with 9.3 s":
        for module in (model, fast_rhs):
            monkeypatch.setattr(module, "_TAU_EXERCISE", model._TAU_DILATION)
    if change == "oxygen demand stepping":
        for module in (model, fast_rhs):
            monkeypatch.setattr(module, "_TAU_DEMAND", 0.5)
    _set_arm_exercise_gain(monkeypatch, arm_gain)
    assert arm_flow_per_oxygen(0.1, 0.3) == pytest.approx(7.43, abs=0.01)
    model_taus = [onset_time_constant_duty_cycles(load) for load in (0.1, 0.2, 0.3)]
    assert model_taus == pytest.approx(taus, abs=0.02)
    assert not all(_within_one_sd(model_taus))


def test_published_spread_read_as_a_standard_error_of_ten() -> None:
    assert casey_2015_vasodilator_kinetics.tau_sd_duty_cycles() == pytest.approx(3.16, abs=0.01)


def test_an_implausible_handgrip_load_is_refused() -> None:
    with pytest.raises(OutOfRangeError, match="handgrip load"):
        onset_time_constant_duty_cycles(0.9)


def test_one_contraction_dilates_as_measured_and_more_with_force() -> None:
    # E-ROV: +93 % at 20 % (published +89 (17) %; the fast dilation alone is sized to 89 %, the
    # slow and ischaemic ones add the rest), and the rise grows 1.48 times per doubling of force
    # (published 1.47 and 1.45).
    rises = [single_contraction_rise(load) for load in (0.1, 0.2, 0.4)]
    assert rises == pytest.approx([0.629, 0.929, 1.378], abs=0.002)
    assert rises[1] / rises[0] == pytest.approx(144.0 / 98.0, abs=0.02)
    assert rises[2] / rises[1] == pytest.approx(209.0 / 144.0, abs=0.04)


def test_fast_dilation_constants_from_their_published_form() -> None:
    source = rapid_onset_vasodilation
    slope = np.polyfit(np.log(source.GROWTH_LOADS), np.log(source.GROWTH_PEAK_RISE), 1)[0]
    assert source.load_exponent() == pytest.approx(slope)
    assert source.load_exponent() == pytest.approx(0.546, abs=0.001)
    tau_f = van_der_touw_2008_single_contraction.fast_time_constant_s()
    assert tau_f == pytest.approx(6.8 / 3.0)
    expected = 0.89 / (0.2**slope * (1.0 - math.exp(-1.0 / tau_f)))
    assert source.fast_dilation_gain() == pytest.approx(expected)
    assert source.fast_dilation_gain() == pytest.approx(6.01, abs=0.01)


def test_a_single_contraction_at_an_implausible_force_is_refused() -> None:
    with pytest.raises(OutOfRangeError, match="contraction force"):
        single_contraction_rise(0.9)


def test_steady_conductance_rises_with_load_within_the_measured_spread() -> None:
    # E-ss: 1.261 in the model against 1.46 (SE 0.24) in young forearms, 0.045 inside the edge
    # (1.215 with the leg's gain and one dilation, 0.0003 below it).
    ratio = steady_conductance_ratio(0.15, 0.25)
    assert ratio == pytest.approx(1.2606, abs=0.0005)
    source = forearm_graded_handgrip
    lower_edge = source.conductance_ratio() - source.conductance_ratio_se()
    assert ratio - lower_edge == pytest.approx(0.045, abs=0.002)
    assert ratio - lower_edge > 0.03


def test_nybergs_forearm_flow_per_oxygen_from_the_published_means() -> None:
    source = nyberg_2018_forearm_flow_oxygen
    assert source.flow_per_oxygen() == pytest.approx((622.0 - 359.0) / (79.2 - 43.8))
    assert source.flow_per_oxygen() == pytest.approx(7.43, abs=0.01)
    # 1 and 3 W read as 10 and 30 % of maximum (a modelling choice).
    assert pytest.approx((0.1, 0.3)) == (source.LOW_LOAD_FRACTION, source.HIGH_LOAD_FRACTION)
    # The arm's slow gain, with its fast dilation, is five times the leg's.
    assert pytest.approx(4.88, abs=0.01) == source.ARM_EXERCISE_DILATION_PER_LOAD


def test_the_calibrated_arm_meets_nybergs_slope_but_its_extraction_still_rises() -> None:
    # E-VO2a is met by construction; the extraction is out of sample: the forearm kept its
    # extraction at 123-130 ml/l from 1 to 3 W, the model's rises from 68 to 94 ml/l.
    assert arm_flow_per_oxygen(0.1, 0.3) == pytest.approx(7.43, abs=0.05)
    extractions = [steady_handgrip(load).extraction_ml_per_l for load in (0.1, 0.3)]
    assert extractions == pytest.approx([67.9, 93.6], abs=0.3)
    assert extractions[1] / extractions[0] > 1.3


@pytest.mark.parametrize(
    ("gain", "ratio", "flow_per_oxygen"),
    [(0.962, 1.218, 5.74), (2.0, 1.231, 6.14), (10.0, 1.296, 9.66), (20.0, 1.314, 12.97)],
)
def test_no_exercise_gain_reaches_the_measured_ratio(
    monkeypatch: pytest.MonkeyPatch, gain: float, ratio: float, flow_per_oxygen: float
) -> None:
    # A larger gain raises both loads' conductance: the ratio creeps towards 1.46, never to it.
    # With the leg's gain (0.96) the arm would add 5.7 ml per ml, not Nyberg's 7.43.
    _set_arm_exercise_gain(monkeypatch, gain)
    assert steady_conductance_ratio(0.15, 0.25) == pytest.approx(ratio, abs=0.002)
    assert arm_flow_per_oxygen(0.1, 0.3) == pytest.approx(flow_per_oxygen, abs=0.01)


def test_published_conductance_ratio_and_its_error() -> None:
    assert forearm_graded_handgrip.conductance_ratio() == pytest.approx(1.458, abs=0.001)
    assert forearm_graded_handgrip.conductance_ratio_se() == pytest.approx(0.243, abs=0.001)


def test_a_steady_ratio_at_an_implausible_load_is_refused() -> None:
    with pytest.raises(OutOfRangeError, match="handgrip load"):
        steady_conductance_ratio(0.15, 0.95)
