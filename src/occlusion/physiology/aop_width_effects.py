"""How thigh circumference and SBP act on seated thigh AOP across cuff widths (target P-TCxW).

Wedig 2025's abstract reports, from mixed-effects models over its three cuffs (11, 13 and 18 cm,
116 seated people, each measured with every cuff), a cuff width x thigh circumference
interaction, "limb size had greater influence on AOP with narrower cuffs", while "the
relationship between SBP and AOP remained stable across cuff widths". This module asks whether a
study of that size drawn from the model's seated cohort would find the same: each simulated
study measures its people once with every cuff (independent AOP reading errors, one recorded SBP,
as :mod:`.aop_variance_sampling`) and tests both interactions.

The test: each person's least-squares slope of measured AOP on cuff width, regressed on thigh
circumference, recorded SBP, DBP, age and sex; the coefficient of circumference is the width x
TC interaction and that of SBP the width x SBP one, each tested two-sided at p < 0.05. When every
person is measured at every width, this is the interaction test of a mixed model with a random
slope on width per person. Wedig 2025's exact model (random terms, width as a number or as
categories) is in its full text, which was not read: the test is an interpretation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from occlusion.physiology.simulated_studies import WEDIG_2025_N, simulated_studies

#: Wedig 2025's cuff widths [cm].
WEDIG_WIDTHS_CM = (11.0, 13.0, 18.0)
#: Two-sided significance level of the interaction tests [1] (the usual 0.05; the study's own
#: level is in its full text, not read).
SIGNIFICANCE_LEVEL = 0.05
#: Columns of the predictor matrix, in order (the intercept first).
PREDICTORS = ("intercept", "circumference", "sbp", "dbp", "age", "female")
_SEED = 1658744


@dataclass(frozen=True, slots=True)
class InteractionFit:
    """Width interactions of one study [mmHg per cm of width per unit of the predictor].

    ``coefficients`` and ``p_values`` follow :data:`PREDICTORS`; the intercept's entry is the
    slope of AOP on width for a person with every predictor at zero.
    """

    coefficients: NDArray[np.float64]
    p_values: NDArray[np.float64]

    def coefficient(self, predictor: str) -> float:
        """Return the interaction of cuff width with ``predictor``."""
        return float(self.coefficients[PREDICTORS.index(predictor)])

    def p_value(self, predictor: str) -> float:
        """Return the two-sided p value of that interaction [1]."""
        return float(self.p_values[PREDICTORS.index(predictor)])


def width_interactions(
    widths_cm: tuple[float, ...],
    measured_mmhg: NDArray[np.float64],
    predictors: NDArray[np.float64],
) -> InteractionFit:
    """Fit the width x predictor interactions of one study.

    Parameters
    ----------
    widths_cm
        The cuff widths, one per column of ``measured_mmhg`` [cm].
    measured_mmhg
        Measured AOP, one row per person and one column per width [mmHg].
    predictors
        One row per person, columns as :data:`PREDICTORS` (the first all ones).

    Returns
    -------
    InteractionFit
        Least-squares coefficients of each person's slope of AOP on width and their two-sided
        t-test p values.
    """
    from scipy.stats import t as student_t

    centred = np.asarray(widths_cm, dtype=float) - np.mean(widths_cm)
    slopes = measured_mmhg @ centred / (centred @ centred)
    coefficients, *_ = np.linalg.lstsq(predictors, slopes, rcond=None)
    residual = slopes - predictors @ coefficients
    dof = predictors.shape[0] - predictors.shape[1]
    covariance = (residual @ residual / dof) * np.linalg.inv(predictors.T @ predictors)
    t_values = coefficients / np.sqrt(np.diag(covariance))
    return InteractionFit(coefficients, 2.0 * student_t.sf(np.abs(t_values), dof))


@dataclass(frozen=True, slots=True)
class InteractionDetection:
    """What studies of Wedig 2025's size drawn from the model cohort find.

    Attributes
    ----------
    circumference_detected, sbp_detected
        Share of studies in which the width x TC interaction is negative and significant, and
        in which the width x SBP interaction is significant either way [1].
    circumference_slopes, sbp_slopes
        The whole cohort's AOP slopes on TC [mmHg/cm] and on recorded SBP [mmHg/mmHg] at each
        of :data:`WEDIG_WIDTHS_CM` (regression on all five predictors).
    studies, study_size
        Number of simulated studies and people in each.
    """

    circumference_detected: float
    sbp_detected: float
    circumference_slopes: tuple[float, ...]
    sbp_slopes: tuple[float, ...]
    studies: int
    study_size: int


def interaction_detection(
    *, study_size: int = WEDIG_2025_N, studies: int = 1000, seed: int = _SEED
) -> InteractionDetection:
    """Simulate ``studies`` studies of ``study_size`` seated people measured with each cuff.

    Parameters
    ----------
    study_size, studies, seed
        As :func:`occlusion.physiology.simulated_studies.simulated_studies`.

    Returns
    -------
    InteractionDetection
    """
    drawn = simulated_studies(study_size, studies, seed)
    predictors = drawn.predictors
    measured = np.column_stack([drawn.measured_mmhg(width) for width in WEDIG_WIDTHS_CM])
    circumference_hits = sbp_hits = 0
    for study in range(studies):
        people = slice(study * study_size, (study + 1) * study_size)
        fit = width_interactions(WEDIG_WIDTHS_CM, measured[people], predictors[people])
        significant = fit.p_value("circumference") < SIGNIFICANCE_LEVEL
        circumference_hits += bool(significant and fit.coefficient("circumference") < 0)
        sbp_hits += bool(fit.p_value("sbp") < SIGNIFICANCE_LEVEL)
    whole = [np.linalg.lstsq(predictors, column, rcond=None)[0] for column in measured.T]
    return InteractionDetection(
        circumference_detected=circumference_hits / studies,
        sbp_detected=sbp_hits / studies,
        circumference_slopes=tuple(float(b[1]) for b in whole),
        sbp_slopes=tuple(float(b[2]) for b in whole),
        studies=studies,
        study_size=study_size,
    )


__all__ = [
    "PREDICTORS",
    "SIGNIFICANCE_LEVEL",
    "WEDIG_2025_N",
    "WEDIG_WIDTHS_CM",
    "InteractionDetection",
    "InteractionFit",
    "interaction_detection",
    "width_interactions",
]
