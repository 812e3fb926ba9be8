"""Every calibration and validation target, run as a test.

Calibration targets pass by construction (they are regression checks of the calibration).
Validation targets are out of sample; the ones the model does not reproduce are marked as
expected failures (strict), so the report and the tests agree and a change is noticed.
"""

from __future__ import annotations

import itertools

import pytest

from occlusion.evidence import get
from occlusion.physiology.flow import flow_curve, occlusion_pressure_mmhg
from occlusion.physiology.subject import Cuff, Subject
from occlusion.physiology.validation import (
    REULAND_REPETITION_RANGE,
    TARGETS,
    Target,
    desaturation_difference_points,
)
from occlusion.physiology.validation_report import evaluate_targets, fit_statistics
from occlusion.vocabulary import Limb

KNOWN_FAILURES = {
    "P-R2": "under the 18 cm cuff the model's predictors explain 75.5 % of the measured-AOP "
    "variance, just above the 55-75 % allowed (a wide cuff's transmission hardly depends on "
    "the artery's depth)",
    "P-R2w": "the model's predictors explain more of the AOP variance with wider cuffs, the "
    "published with narrower ones",
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


def test_reuland_desaturation_deepens_with_cuff_width() -> None:
    # 100 mmHg is a larger share of the occlusion pressure under a wider cuff.
    widths = (5.0, 8.0, 13.5, 18.0)
    differences = [desaturation_difference_points(Cuff(w), 15) for w in widths]
    assert all(a < b for a, b in itertools.pairwise(differences)), differences


@pytest.mark.parametrize("repetitions", REULAND_REPETITION_RANGE)
def test_reuland_range_is_met_by_a_5_cm_cuff_and_missed_by_a_13_5_cm_cuff(
    repetitions: int,
) -> None:
    # What D12's explanation says: the study's unread width decides; narrow agrees, wide not.
    narrow = desaturation_difference_points(Cuff(5.0), repetitions)
    wide = desaturation_difference_points(Cuff(13.5), repetitions)
    assert 7.5 - 3.0 <= narrow <= 11.2 + 3.0, narrow
    assert wide > 11.2 + 3.0, wide


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
    assert calibration.count == 2 and calibration.mean_absolute_z < 0.01
    assert validation.count == 4 and 0.0 < validation.mean_absolute_z < 1.0
    assert validation.root_mean_square_z >= validation.mean_absolute_z


def test_calibration_targets_are_never_counted_as_validation() -> None:
    roles = {target.identifier: target.role for target in TARGETS}
    assert roles["B2"] == roles["B7"] == roles["B12a"] == "calibration"
    assert roles["D4b"] == roles["D9a"] == "calibration"
    assert roles["B1"] == roles["D4a"] == roles["D4c"] == roles["D9b"] == "validation"
    assert roles["F1"] == roles["F2"] == roles["F3"] == roles["E2"] == "validation"
    assert len({target.identifier for target in TARGETS}) == len(TARGETS)
