"""How P-R2w's outcome varies between studies of Wedig 2025's size drawn from the model cohort.

P-R2w compares the share of measured seated thigh AOP variance that thigh circumference, SBP,
DBP, age and sex explain under an 11 and an 18 cm cuff. The target evaluates it on 20,000 people;
Wedig 2025 had 116. This module draws many groups of a study's size from the seated cohort, each
person measured once at every width (independent AOP reading errors, one recorded SBP), and runs
the regression in each group: if the model gave the published order (narrower cuff, larger
share) in a fair fraction of such studies, the target's failure could be sampling; if it never
does, the model disagrees with the study beyond what its size explains.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from occlusion.physiology.simulated_studies import WEDIG_2025_N, simulated_studies
from occlusion.physiology.validation import ols_r_squared

_SEED = 2025


@dataclass(frozen=True, slots=True)
class ShareDifference:
    """The narrow cuff's explained share minus the wide cuff's, across simulated studies [1].

    Attributes
    ----------
    mean, sd
        Mean and SD of the difference over the studies [1].
    narrow_above_fraction
        Share of studies in which the narrow cuff's predictors explained more [1].
    studies
        Number of simulated studies.
    """

    mean: float
    sd: float
    narrow_above_fraction: float
    studies: int


def share_difference_in_studies(
    narrow_cm: float,
    wide_cm: float,
    *,
    study_size: int = WEDIG_2025_N,
    studies: int = 1000,
    seed: int = _SEED,
) -> ShareDifference:
    """Simulate ``studies`` studies of ``study_size`` seated people and compare two cuffs.

    Parameters
    ----------
    narrow_cm, wide_cm
        The two cuff widths [cm].
    study_size, studies, seed
        As :func:`occlusion.physiology.simulated_studies.simulated_studies`.

    Returns
    -------
    ShareDifference
    """
    drawn = simulated_studies(study_size, studies, seed)
    predictors = drawn.predictors
    measured = [drawn.measured_mmhg(width) for width in (narrow_cm, wide_cm)]
    differences = np.empty(studies)
    for study in range(studies):
        people = slice(study * study_size, (study + 1) * study_size)
        narrow, wide = (ols_r_squared(predictors[people], aop[people])[0] for aop in measured)
        differences[study] = narrow - wide
    return ShareDifference(
        mean=float(differences.mean()),
        sd=float(differences.std(ddof=1)),
        narrow_above_fraction=float((differences > 0.0).mean()),
        studies=studies,
    )


__all__ = ["WEDIG_2025_N", "ShareDifference", "share_difference_in_studies"]
