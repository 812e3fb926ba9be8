"""Every calibration and validation target, run as a test.

Calibration targets pass by construction (they are regression checks of the calibration).
Validation targets are out of sample; the ones the model does not reproduce are marked as
expected failures (strict), so the report and the tests agree and a change is noticed.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest

from occlusion.evidence import get
from occlusion.physiology import fast_rhs, model
from occlusion.physiology.flow import flow_curve, occlusion_pressure_mmhg
from occlusion.physiology.parameters import (
    aop_spread,
    femoral_reactive_hyperaemia,
    knee_extension_flow_oxygen,
    vascular_occlusion_nirs,
)
from occlusion.physiology.subject import Cuff, Subject
from occlusion.physiology.validation import (
    REULAND_REPETITION_RANGE,
    TARGETS,
    Target,
    desaturation_difference_points,
    hyperaemia_after_occlusion,
    occlusion_downslope_pct_min,
    residual_sd_18cm_mmhg,
    variance_shares,
)
from occlusion.physiology.validation import target as target_named
from occlusion.physiology.validation_report import evaluate_targets, fit_statistics
from occlusion.vocabulary import Limb

KNOWN_FAILURES = {
    "P-R2w": "the model's predictors explain more of the AOP variance with wider cuffs, the "
    "published with narrower ones (at 18 cm the model's AOP varies mostly with SBP, which "
    "its predictors see)",
}


def _cases() -> list[object]:
    cases: list[object] = []
    for target in TARGETS:
        marks = []
        if target.identifier in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[target.identifier], strict=True))
        cases.append(pytest.param(target, id=target.identifier, marks=marks))
    return cases


@pytest.mark.parametrize("target", _cases())
def test_target(target: Target) -> None:
    outcome = target.evaluate()
    assert outcome.passed, f"{target.identifier}: model {outcome.model_text}, {target.published}"


def test_every_target_cites_a_registered_source() -> None:
    for target in TARGETS:
        assert get(target.reference).key == target.reference


def test_occlusion_downslope_is_resting_oxygen_use_over_the_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With no inflow, saturation falls at resting use / store: twice the store, half the slope.
    arm = Subject(Limb.ARM, 30.0, 120.0, 70.0)
    calibrated = occlusion_downslope_pct_min(arm)
    store = vascular_occlusion_nirs.OXYGEN_STORE_ML_PER_100ML
    monkeypatch.setattr(vascular_occlusion_nirs, "OXYGEN_STORE_ML_PER_100ML", 2.0 * store)
    assert occlusion_downslope_pct_min(arm) == pytest.approx(0.5 * calibrated, rel=0.03)


def test_calibrated_downslope_agrees_with_the_thenar_study() -> None:
    # The literature check named in the report: Gomez 2008, -10.8 (2.4) %/min, not a target.
    mean, sd = vascular_occlusion_nirs.THENAR_DOWNSLOPE_PCT_MIN
    value = occlusion_downslope_pct_min(Subject(Limb.ARM, 30.0, 120.0, 70.0))
    assert abs(value - mean) <= sd, value


def test_a_13_5_cm_cuff_reaches_above_reulands_range() -> None:
    assert desaturation_difference_points(Cuff(13.5), 30) > 11.2 + 3.0


def test_reuland_desaturation_deepens_with_cuff_width() -> None:
    # 100 mmHg is a larger share of the occlusion pressure under a wider cuff.
    widths = (5.0, 8.0, 13.5, 18.0)
    differences = [desaturation_difference_points(Cuff(w), 15) for w in widths]
    assert all(a < b for a, b in itertools.pairwise(differences)), differences


@pytest.mark.parametrize("repetitions", REULAND_REPETITION_RANGE)
def test_reuland_range_is_met_by_an_8_cm_cuff_not_by_a_5_cm_one(
    repetitions: int,
) -> None:
    # What D12's explanation says: the study's unread width decides; with the exercise dilation
    # calibrated (E-VO2) an 8 cm cuff agrees, a 5 cm cuff desaturates too little and a 13.5 cm
    # one reaches above the range.
    narrow = desaturation_difference_points(Cuff(5.0), repetitions)
    middle = desaturation_difference_points(Cuff(8.0), repetitions)
    assert narrow < 7.5 - 3.0, narrow
    assert 7.5 - 3.0 <= middle <= 11.2 + 3.0, middle


def test_first_minute_inflow_rises_again_at_high_pressure_while_the_veins_fill() -> None:
    # Why F1b's earlier straight-line rule failed (the report says so): read at 60 s, inflow at
    # 80 % LOP is above that at 60 %, because the veins are still filling; once they have
    # filled (300 s) the curve falls at every step.
    subject = Subject(Limb.THIGH, 55.0, 120.0, 70.0)
    cuff = Cuff(13.5)
    lop = occlusion_pressure_mmhg(subject, cuff)
    pressures = [p / 100.0 * lop for p in (50, 60, 70, 80, 90)]
    early = [
        p.arterial_inflow_pct for p in flow_curve(subject, cuff, pressures, reading_time_s=60.0)
    ]
    settled = [
        p.arterial_inflow_pct for p in flow_curve(subject, cuff, pressures, reading_time_s=300.0)
    ]
    assert early[3] > early[1], early
    assert all(a > b for a, b in itertools.pairwise(settled)), settled


def test_fit_statistics_separate_calibration_from_validation() -> None:
    results = evaluate_targets()
    calibration, validation = fit_statistics(results)
    assert calibration.role == "calibration" and validation.role == "validation"
    # Calibrated targets are fitted exactly (to rounding), so their error is near zero.
    assert calibration.count == 3 and calibration.mean_absolute_z < 0.01
    assert validation.count == 4 and 0.0 < validation.mean_absolute_z < 1.0
    assert validation.root_mean_square_z >= validation.mean_absolute_z


def test_calibration_targets_are_never_counted_as_validation() -> None:
    roles = {target.identifier: target.role for target in TARGETS}
    assert roles["B2"] == roles["B7"] == roles["B12a"] == "calibration"
    assert roles["D4b"] == roles["D9a"] == roles["VOT1"] == "calibration"
    assert roles["R-peak"] == roles["R-half"] == "calibration"
    assert roles["R-decay"] == "validation"
    assert roles["B1"] == roles["D4a"] == roles["D4c"] == roles["D9b"] == "validation"
    assert roles["F1"] == roles["F2"] == roles["F3"] == roles["E2"] == "validation"
    assert len({target.identifier for target in TARGETS}) == len(TARGETS)


def test_sbp_reading_error_gives_muntner_2012s_median_within_visit_sd() -> None:
    # Three readings per person with the derived error: the median person's SD of them must
    # fall in the quintile Muntner 2012 published as the middle one (3.00-3.99 mmHg).
    readings = np.random.default_rng(3).normal(
        0.0, aop_spread.SBP_READING_ERROR_SD_MMHG, size=(200_000, 3)
    )
    median_sd = float(np.median(readings.std(axis=1, ddof=1)))
    assert 3.00 <= median_sd <= 3.99
    assert median_sd == pytest.approx(aop_spread.MEDIAN_WITHIN_VISIT_SBP_SD_MMHG, abs=0.05)


def test_a_recorded_sbp_lowers_the_explained_share_most_where_sbp_dominates() -> None:
    # The cause of P-R2's change: with SBP read with error, its explained share falls, and
    # falls most under the widest cuff, where AOP varies most with SBP.
    losses = []
    for width_cm in (11.0, 18.0):
        exact = variance_shares(width_cm, sbp_reading_error_sd_mmhg=0.0)[0]
        recorded = variance_shares(width_cm)[0]
        assert recorded < exact
        losses.append(exact - recorded)
    assert losses[1] > losses[0]


def test_leaving_dbps_reading_error_out_changes_the_explained_share_little() -> None:
    # DBP's within-visit spread was not read; giving it SBP's changes the total by < 0.5 points.
    for width_cm in (11.0, 18.0):
        without = variance_shares(width_cm)[0]
        with_error = variance_shares(
            width_cm, dbp_reading_error_sd_mmhg=aop_spread.SBP_READING_ERROR_SD_MMHG
        )[0]
        assert abs(without - with_error) < 0.005


def test_the_18cm_residual_already_exceeds_wedig_2024s_rmse() -> None:
    # P-R2w's explanation: at 18 cm the model lacks no unexplained variance (its residual on
    # TC, SBP and age is above the 7.18 mmHg RMSE Wedig 2024 published for an 18 cm cuff);
    # it has too much explained, SBP-driven variance.
    assert residual_sd_18cm_mmhg() > 7.18


def _set_dilation(monkeypatch: pytest.MonkeyPatch, gain: float, time_constant_s: float) -> None:
    for module in (model, fast_rhs):
        monkeypatch.setattr(module, "_DILATION_PER_DEFICIT", gain)
        monkeypatch.setattr(module, "_TAU_DILATION", time_constant_s)


#: The exercise dilation's gain before it was calibrated on leg flow per oxygen (E-VO2): the
#: C4 leads below were followed, and their numbers recorded, with it.
UNSOURCED_EXERCISE_GAIN = 10.0


def _set_exercise_gain(monkeypatch: pytest.MonkeyPatch, gain: float) -> None:
    # The leg's gain: C4 and E-VO2 are thigh targets. Limb constants read it when built.
    monkeypatch.setattr(knee_extension_flow_oxygen, "EXERCISE_DILATION_PER_LOAD", gain)


def test_c4_passes_narrowly_with_the_calibrated_exercise_gain() -> None:
    # NARROW_PASSES: 0.807 against the rule's 0.8 (0.801 before the leg's exercise dilation and
    # oxygen demand had their phase-2 kinetics), from 0.75 with the unsourced gain.
    assert target_named("C4").evaluate().model_value == pytest.approx(0.807, abs=0.002)


def test_at_the_legs_share_of_pulmonary_uptake_the_gain_is_larger_and_c4_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Acta Physiol Scand 1994: the leg's rise of uptake was 70-100 % of the pulmonary rise, so
    # the leg's own flow per oxygen may be 4.9 / 0.7 = 7.0; the gain for it is 5.0, C4 0.78.
    _set_exercise_gain(monkeypatch, 5.039)
    assert target_named("E-VO2").evaluate().model_value == pytest.approx(7.0, abs=0.01)
    assert target_named("C4").evaluate().model_value == pytest.approx(0.776, abs=0.002)


@pytest.mark.parametrize(("gain", "ratio"), [(2.0, 0.797), (5.0, 0.776), (10.0, 0.753)])
def test_a_larger_exercise_gain_lowers_c4_below_its_threshold(
    monkeypatch: pytest.MonkeyPatch, gain: float, ratio: float
) -> None:
    # The leg's own flow per oxygen would be above the pulmonary 4.9, and so the gain above
    # 0.96: C4's pass rests on that reading.
    _set_exercise_gain(monkeypatch, gain)
    assert target_named("C4").evaluate().model_value == pytest.approx(ratio, abs=0.006)


def test_femoral_percentage_increase_is_read_as_peak_over_rest() -> None:
    # 225.8 % more than resting is 3.258 times resting (the reading the report names).
    fold_change = femoral_reactive_hyperaemia.PEAK_FOLD_CHANGE
    assert fold_change == pytest.approx(3.258)


def test_the_earlier_dilation_overshot_the_measured_femoral_peak(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The chosen gain 6 and 20 s gave 6.1 x resting after 5 minutes, nearly twice the 3.26
    # measured; the calibrated pair meets both published means.
    thigh = Subject(Limb.THIGH, 55.0, 120.0, 70.0)
    calibrated_peak, calibrated_half = hyperaemia_after_occlusion(thigh, 300.0)
    published = femoral_reactive_hyperaemia
    assert calibrated_peak == pytest.approx(published.PEAK_FOLD_CHANGE, rel=0.01)
    assert calibrated_half == pytest.approx(published.RECOVERY_HALF_TIME_S, abs=0.5)
    _set_dilation(monkeypatch, 6.0, 20.0)
    earlier_peak, _ = hyperaemia_after_occlusion(thigh, 300.0)
    assert earlier_peak == pytest.approx(6.07, abs=0.05)


def test_hyperaemia_half_life_is_not_quantised_by_the_solver_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Interpolated between steps: a small change of time constant moves it by less than a step.
    thigh = Subject(Limb.THIGH, 55.0, 120.0, 70.0)
    halves = []
    for time_constant_s in (9.0, 9.2):
        _set_dilation(monkeypatch, 2.6, time_constant_s)
        halves.append(hyperaemia_after_occlusion(thigh, 300.0)[1])
    assert 0.0 < halves[1] - halves[0] < 0.5, halves


def test_exercise_inflow_ratio_c4_is_set_by_the_ischaemic_gain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # C4's earlier explanation (with the unsourced exercise gain of 10): the ratio rose to its
    # threshold only with the unsourced ischaemic gain of 6.
    _set_exercise_gain(monkeypatch, UNSOURCED_EXERCISE_GAIN)
    calibrated = target_named("C4").evaluate().model_value
    _set_dilation(monkeypatch, 6.0, femoral_reactive_hyperaemia.DILATION_TIME_CONSTANT_S)
    old_gain = target_named("C4").evaluate().model_value
    assert calibrated == pytest.approx(0.75, abs=0.01)
    assert old_gain == pytest.approx(0.80, abs=0.01)


def test_c4_still_fails_if_the_femoral_study_occluded_for_three_minutes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The occlusion's length is an assumption (5 minutes). Fitted to a 3-minute occlusion the
    # dilation is gain 4.209 and 11.15 s (scripts/calibrate_physiology.py with 180 s); it meets
    # the femoral peak after 3 minutes and C4 stays below its 0.8 (unsourced exercise gain).
    _set_exercise_gain(monkeypatch, UNSOURCED_EXERCISE_GAIN)
    _set_dilation(monkeypatch, 4.209, 11.15)
    peak, half_life = hyperaemia_after_occlusion(Subject(Limb.THIGH, 55.0, 120.0, 70.0), 180.0)
    assert peak == pytest.approx(femoral_reactive_hyperaemia.PEAK_FOLD_CHANGE, rel=0.01)
    assert half_life == pytest.approx(femoral_reactive_hyperaemia.RECOVERY_HALF_TIME_S, abs=0.5)
    assert target_named("C4").evaluate().model_value == pytest.approx(0.78, abs=0.01)


def test_c4_without_the_cycling_pressor_response(monkeypatch: pytest.MonkeyPatch) -> None:
    # Crossley 2020 found mean arterial pressure unchanged from 30 to 80 % AOP. Without the
    # pressor slopes taken from cycling, inflow in sets at 80 % LOP is under half that at 40 %,
    # and it still falls at every step (E2); recorded with the unsourced exercise gain.
    _set_exercise_gain(monkeypatch, UNSOURCED_EXERCISE_GAIN)
    for module in (model, fast_rhs):
        monkeypatch.setattr(module, "_PRESSOR_MEAN_PER_PCT", 0.0)
        monkeypatch.setattr(module, "_PRESSOR_HALF_PULSE_PER_PCT", 0.0)
    assert target_named("C4").evaluate().model_value == pytest.approx(0.46, abs=0.01)
    outcome = target_named("E2").evaluate()
    assert outcome.passed
    assert outcome.model_value == pytest.approx(86.0, abs=1.0)


@pytest.mark.parametrize(("pct_lop", "ratio"), [(40.0, 0.57), (60.0, 0.61), (80.0, 0.65)])
def test_c4_with_the_same_pressor_rise_at_both_pressures(
    monkeypatch: pytest.MonkeyPatch, pct_lop: float, ratio: float
) -> None:
    # Crossley's unchanged mean pressure from 30 to 80 % AOP, read as one pressor rise for both
    # cuff pressures: the cycling study's rise at 40, 60 or 80 % LOP whenever the cuff is on.
    def same_rise(cuff_pressure_mmhg: Any, occlusion_pressure_mmhg: Any, ops: Any) -> Any:
        return pct_lop * ops.minimum(cuff_pressure_mmhg * 1e9, 1.0)

    _set_exercise_gain(monkeypatch, UNSOURCED_EXERCISE_GAIN)
    for module in (model, fast_rhs):
        monkeypatch.setattr(module, "pressor_pct_lop", same_rise)
    assert target_named("C4").evaluate().model_value == pytest.approx(ratio, abs=0.01)


def test_the_ischaemic_gain_that_would_pass_c4_overshoots_the_femoral_hyperaemia(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 7.5 per unit deficit brings C4 to 0.82; after 5 minutes of occlusion it peaks at 7.5
    # times resting, against 3.26 measured (R-peak), halving in 11 s against 25.2 s
    # (recorded with the unsourced exercise gain).
    _set_exercise_gain(monkeypatch, UNSOURCED_EXERCISE_GAIN)
    _set_dilation(monkeypatch, 7.5, femoral_reactive_hyperaemia.DILATION_TIME_CONSTANT_S)
    assert target_named("C4").evaluate().model_value == pytest.approx(0.82, abs=0.005)
    peak, half_life = hyperaemia_after_occlusion(Subject(Limb.THIGH, 55.0, 120.0, 70.0), 300.0)
    assert peak == pytest.approx(7.54, abs=0.05)
    assert half_life == pytest.approx(11.0, abs=0.5)


def test_after_ten_minutes_the_model_peaks_far_below_forearm_plethysmography() -> None:
    # The caution in the sources table: 3.59 x the chosen 3 ml/min/100 ml is 10.8, a fifth of
    # the 50.2 ml/100 ml/min measured in the forearm after 10 minutes (Clin Physiol 1986).
    peak, _ = hyperaemia_after_occlusion(Subject(Limb.ARM, 30.0, 120.0, 70.0), 600.0)
    assert peak == pytest.approx(3.59, abs=0.02)
    from occlusion.physiology.parameters import model_choices

    assert peak * model_choices.RESTING_FLOW_ML_MIN_PER_100ML < 50.2 / 4.0
