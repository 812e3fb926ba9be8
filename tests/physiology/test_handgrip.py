"""Forearm handgrip protocols in the model: onset kinetics (E-tau), steady conductance (E-ss), the
arm's flow per oxygen (E-VO2a) and the balloon (C4's lead)."""

from __future__ import annotations

import pytest

from occlusion.errors import OutOfRangeError
from occlusion.physiology import fast_rhs, model
from occlusion.physiology.handgrip import (
    arm_flow_per_oxygen,
    hypoperfused_exercise,
    onset_time_constant_duty_cycles,
    steady_conductance_ratio,
    steady_handgrip,
)
from occlusion.physiology.parameters import (
    casey_2015_vasodilator_kinetics,
    forearm_graded_handgrip,
    knee_extension_flow_oxygen,
    nyberg_2018_forearm_flow_oxygen,
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
    # the leg's gain, 7 % with the unsourced gain of 10), where the forearm came back to 0.979
    # of it (one standard error of the recovery: 0.967-0.991).
    assert result.conductance_ratio == pytest.approx(1.077, abs=0.005)
    upper = published.steady_conductance_ratio(
        published.CONDUCTANCE_RECOVERY + published.CONDUCTANCE_RECOVERY_SE
    )
    assert result.conductance_ratio > upper
    # Without a path round the balloon, the model restores far less flow than the forearm did.
    assert result.flow_recovery == pytest.approx(0.40, abs=0.01)
    assert result.flow_recovery < published.FLOW_RECOVERY


def test_a_larger_fall_of_drive_dilates_more() -> None:
    ratios = [hypoperfused_exercise(fall).conductance_ratio for fall in (0.0, 0.1, 0.2, 0.4)]
    # With no fall the 3-minute exercise is settled to within 0.5 % of its conductance.
    assert ratios[0] == pytest.approx(1.0, abs=5e-3)
    assert ratios == sorted(ratios)


def test_the_gain_that_would_pass_c4_dilates_further_still(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A gain of 7.5 per unit deficit lifts C4 to 0.80 (test_validation); in this experiment it
    # would settle 12 % above the exercise conductance, not 2 % below it (recorded with the
    # unsourced exercise gain).
    _set_unsourced_exercise_gain(monkeypatch)
    _set_ischaemic_gain(monkeypatch, 7.5)
    assert hypoperfused_exercise(DRIVE_FALL).conductance_ratio == pytest.approx(1.119, abs=0.005)


def test_an_implausible_fall_is_refused() -> None:
    with pytest.raises(OutOfRangeError, match="fall of perfusion drive"):
        hypoperfused_exercise(1.2)


def test_onset_time_constant_shortens_with_load_where_the_forearms_lengthens() -> None:
    # E-tau: with the arm's gain calibrated on Nyberg's flow per oxygen (E-VO2a) the model's
    # 6.5, 5.8, 5.4 duty cycles at 10, 20, 30 % against 6, 9, 11 measured: one dilation with one
    # time constant, its exercise part in proportion to load, builds fastest at the heaviest.
    taus = [onset_time_constant_duty_cycles(load) for load in (0.1, 0.2, 0.3)]
    assert taus == pytest.approx([6.53, 5.78, 5.38], abs=0.03)
    assert taus == sorted(taus, reverse=True)
    sd = casey_2015_vasodilator_kinetics.tau_sd_duty_cycles()
    within = [
        abs(tau - measured) <= sd
        for tau, measured in zip(taus, casey_2015_vasodilator_kinetics.TAU_DUTY_CYCLES, strict=True)
    ]
    assert within == [True, False, False]
    # Not a knife edge: at 30 % the model is 5.6 duty cycles short, beyond 1.5 SD.
    assert 11.0 - taus[2] > 1.5 * sd


def test_with_the_legs_gain_the_arm_was_slowest_at_the_lightest_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # E-tau before the arm had its own gain: 15.6, 13.3, 11.0 duty cycles, the hyperaemia mostly
    # ischaemic and building as the oxygen store empties.
    _set_arm_exercise_gain(monkeypatch, knee_extension_flow_oxygen.EXERCISE_DILATION_PER_LOAD)
    taus = [onset_time_constant_duty_cycles(load) for load in (0.1, 0.2, 0.3)]
    assert taus == pytest.approx([15.6, 13.3, 11.0], abs=0.05)


def test_with_the_unsourced_exercise_gain_the_onset_was_too_fast(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # E-tau before E-VO2: 5.1, 4.7, 4.5 duty cycles.
    _set_unsourced_exercise_gain(monkeypatch)
    taus = [onset_time_constant_duty_cycles(load) for load in (0.1, 0.2, 0.3)]
    assert taus == pytest.approx([5.05, 4.71, 4.54], abs=0.02)


def test_onset_time_constant_follows_the_dilation_time_constant(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # E-tau's explanation: with 20 s the model is within one SD (3.2) of 6, 9 and 11 at every
    # load, still shortening a little as the load grows (unsourced exercise gain).
    _set_unsourced_exercise_gain(monkeypatch)
    for module in (model, fast_rhs):
        monkeypatch.setattr(module, "_TAU_DILATION", 20.0)
    taus = [onset_time_constant_duty_cycles(load) for load in (0.1, 0.2, 0.3)]
    assert taus == pytest.approx([8.63, 8.19, 7.99], abs=0.02)
    sd = casey_2015_vasodilator_kinetics.tau_sd_duty_cycles()
    for tau, measured in zip(taus, casey_2015_vasodilator_kinetics.TAU_DUTY_CYCLES, strict=True):
        assert abs(tau - measured) <= sd


@pytest.mark.parametrize(
    ("time_constant_s", "taus"),
    [(15.0, [8.57, 7.74, 7.31]), (16.7, [9.155, 8.30, 7.861]), (20.0, [10.28, 9.37, 8.90])],
)
def test_a_longer_dilation_time_constant_slows_every_load_alike(
    monkeypatch: pytest.MonkeyPatch, time_constant_s: float, taus: list[float]
) -> None:
    # E-tau's explanation, with the arm's calibrated gain: only 16.65-16.72 s puts all three
    # within one SD, on the edge at 10 and 30 %, still shortening with load (not taken).
    for module in (model, fast_rhs):
        monkeypatch.setattr(module, "_TAU_DILATION", time_constant_s)
    model_taus = [onset_time_constant_duty_cycles(load) for load in (0.1, 0.2, 0.3)]
    assert model_taus == pytest.approx(taus, abs=0.005)
    assert model_taus == sorted(model_taus, reverse=True)
    sd = casey_2015_vasodilator_kinetics.tau_sd_duty_cycles()
    within = [
        abs(tau - measured) <= sd
        for tau, measured in zip(
            model_taus, casey_2015_vasodilator_kinetics.TAU_DUTY_CYCLES, strict=True
        )
    ]
    assert all(within) == (time_constant_s == 16.7)
    if time_constant_s == 16.7:
        assert 6.0 + sd - model_taus[0] < 0.01
        assert model_taus[2] - (11.0 - sd) < 0.03


def test_published_spread_read_as_a_standard_error_of_ten() -> None:
    assert casey_2015_vasodilator_kinetics.tau_sd_duty_cycles() == pytest.approx(3.16, abs=0.01)


def test_an_implausible_handgrip_load_is_refused() -> None:
    with pytest.raises(OutOfRangeError, match="handgrip load"):
        onset_time_constant_duty_cycles(0.9)


def test_a_constant_calibrated_at_twenty_percent_misses_ten_percent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # E-tau's explanation: 22.6 s gives the measured 9 duty cycles at 20 % but 9.5 at 10 %, more
    # than one SD (3.2) above the 6 measured there (unsourced exercise gain).
    _set_unsourced_exercise_gain(monkeypatch)
    for module in (model, fast_rhs):
        monkeypatch.setattr(module, "_TAU_DILATION", 22.6)
    assert onset_time_constant_duty_cycles(0.2) == pytest.approx(9.0, abs=0.02)
    at_ten = onset_time_constant_duty_cycles(0.1)
    assert at_ten == pytest.approx(9.47, abs=0.02)
    assert at_ten - 6.0 > casey_2015_vasodilator_kinetics.tau_sd_duty_cycles()


def test_steady_conductance_rises_with_load_within_the_measured_spread() -> None:
    # E-ss: 1.278 in the model against 1.46 (SE 0.24) in young forearms, 0.06 inside the edge
    # (1.215 with the leg's gain, 0.0003 below it).
    ratio = steady_conductance_ratio(0.15, 0.25)
    assert ratio == pytest.approx(1.2775, abs=0.0005)
    source = forearm_graded_handgrip
    lower_edge = source.conductance_ratio() - source.conductance_ratio_se()
    assert ratio - lower_edge == pytest.approx(0.062, abs=0.002)
    assert ratio - lower_edge > 0.05


def test_nybergs_forearm_flow_per_oxygen_from_the_published_means() -> None:
    source = nyberg_2018_forearm_flow_oxygen
    assert source.flow_per_oxygen() == pytest.approx((622.0 - 359.0) / (79.2 - 43.8))
    assert source.flow_per_oxygen() == pytest.approx(7.43, abs=0.01)
    # 1 and 3 W read as 10 and 30 % of maximum (a modelling choice).
    assert pytest.approx((0.1, 0.3)) == (source.LOW_LOAD_FRACTION, source.HIGH_LOAD_FRACTION)
    # The arm's gain is seven times the leg's: the forearm adds half as much flow again per
    # unit of oxygen as the knee-extension leg (7.43 against 4.9).
    assert pytest.approx(7.02, abs=0.01) == source.ARM_EXERCISE_DILATION_PER_LOAD


def test_the_calibrated_arm_meets_nybergs_slope_but_its_extraction_still_rises() -> None:
    # E-VO2a is met by construction; the extraction is out of sample: the forearm kept its
    # extraction at 123-130 ml/l from 1 to 3 W, the model's rises from 74 to 98 ml/l.
    assert arm_flow_per_oxygen(0.1, 0.3) == pytest.approx(7.43, abs=0.05)
    extractions = [steady_handgrip(load).extraction_ml_per_l for load in (0.1, 0.3)]
    assert extractions == pytest.approx([74.3, 98.4], abs=0.3)
    assert extractions[1] / extractions[0] > 1.3


def test_with_the_legs_gain_the_arm_added_less_flow_per_oxygen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _set_arm_exercise_gain(monkeypatch, knee_extension_flow_oxygen.EXERCISE_DILATION_PER_LOAD)
    assert arm_flow_per_oxygen(0.1, 0.3) == pytest.approx(4.73, abs=0.02)
    extractions = [steady_handgrip(load).extraction_ml_per_l for load in (0.1, 0.3)]
    assert extractions == pytest.approx([87.1, 126.9], abs=0.2)


@pytest.mark.parametrize(
    ("gain", "ratio"), [(0.9638, 1.215), (5.0, 1.255), (10.0, 1.304), (20.0, 1.341)]
)
def test_no_exercise_gain_reaches_the_measured_ratio(
    monkeypatch: pytest.MonkeyPatch, gain: float, ratio: float
) -> None:
    # A larger gain raises both loads' conductance: the ratio creeps towards 1.46, never to it.
    _set_arm_exercise_gain(monkeypatch, gain)
    assert steady_conductance_ratio(0.15, 0.25) == pytest.approx(ratio, abs=0.002)


def test_published_conductance_ratio_and_its_error() -> None:
    assert forearm_graded_handgrip.conductance_ratio() == pytest.approx(1.458, abs=0.001)
    assert forearm_graded_handgrip.conductance_ratio_se() == pytest.approx(0.243, abs=0.001)


def test_a_steady_ratio_at_an_implausible_load_is_refused() -> None:
    with pytest.raises(OutOfRangeError, match="handgrip load"):
        steady_conductance_ratio(0.15, 0.95)
