"""Width x TC and width x SBP interactions in studies of Wedig 2025's size (P-TCxW)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import linregress

from occlusion.errors import OutOfRangeError
from occlusion.physiology.aop_width_effects import (
    PREDICTORS,
    WEDIG_WIDTHS_CM,
    interaction_detection,
    width_interactions,
)


def _people(size: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.column_stack(
        [
            np.ones(size),
            rng.normal(55.0, 5.0, size),
            rng.normal(120.0, 13.0, size),
            rng.normal(75.0, 9.0, size),
            rng.uniform(18.0, 40.0, size),
            rng.integers(0, 2, size).astype(float),
        ]
    )


def test_a_known_interaction_is_recovered() -> None:
    # AOP_w = 40 + (3.0 - 0.1 w) TC + 1.0 SBP: each person's slope on width is -0.1 TC, so the
    # width x TC interaction is -0.1 mmHg per cm of width per cm of thigh and SBP's is zero.
    people = _people(500, seed=1)
    tc, sbp = people[:, 1], people[:, 2]
    noise = np.random.default_rng(2).normal(0.0, 0.5, (500, 3))
    measured = np.column_stack([40.0 + (3.0 - 0.1 * w) * tc + sbp for w in WEDIG_WIDTHS_CM]) + noise
    fit = width_interactions(WEDIG_WIDTHS_CM, measured, people)
    assert fit.coefficient("circumference") == pytest.approx(-0.1, abs=0.002)
    assert fit.coefficient("sbp") == pytest.approx(0.0, abs=0.002)
    assert fit.p_value("circumference") < 1e-12


def test_the_p_value_is_the_ordinary_slope_t_test() -> None:
    # With one predictor, the interaction test is the t test of a straight line through each
    # person's slope on width, which scipy's linregress computes independently.
    people = _people(116, seed=3)[:, :2]
    rng = np.random.default_rng(4)
    measured = rng.normal(150.0, 20.0, (116, 3)) - 0.02 * people[:, [1]] * np.array(WEDIG_WIDTHS_CM)
    fit = width_interactions(WEDIG_WIDTHS_CM, measured, people)
    centred = np.array(WEDIG_WIDTHS_CM) - np.mean(WEDIG_WIDTHS_CM)
    slopes = measured @ centred / (centred @ centred)
    line = linregress(people[:, 1], slopes)
    assert fit.coefficients[1] == pytest.approx(line.slope)
    assert fit.p_values[1] == pytest.approx(line.pvalue)
    assert len(fit.coefficients) == 2 <= len(PREDICTORS)


def test_the_model_acts_across_widths_as_wedig_found() -> None:
    # P-TCxW and P-R2w's explanation: thigh size matters half as much at 18 as at 11 cm (the
    # interaction is found in most studies of 116) while SBP's slope changes little (found in
    # about one in five).
    found = interaction_detection()
    assert found.circumference_detected > 0.75
    assert 0.1 < found.sbp_detected < 0.35
    tc_11, tc_13, tc_18 = found.circumference_slopes
    assert tc_11 > tc_13 > tc_18
    assert tc_18 < 0.5 * tc_11
    sbp_11, _, sbp_18 = found.sbp_slopes
    assert sbp_18 > 0.8 * sbp_11


@pytest.mark.parametrize(("size", "studies"), [(5, 100), (116, 3)])
def test_implausible_sizes_are_refused(size: int, studies: int) -> None:
    with pytest.raises(OutOfRangeError):
        interaction_detection(study_size=size, studies=studies)
