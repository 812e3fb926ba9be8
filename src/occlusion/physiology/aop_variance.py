"""Where the spread of measured thigh occlusion pressure comes from, cuff width by cuff width.

A diagnostic of the population model behind targets P-R2 and P-R2w (issue 13). In a seated
cohort (Wedig 2025's posture; the spread targets' size and seed) each source of between-person
variation is varied alone, every other one held at the cohort's mean, and the variance of the
model's AOP that results is given as a share of the variance of *measured* AOP (every source at
once plus the error of one AOP reading, :mod:`.parameters.aop_spread`). First-order shares of a
non-linear model need not add up to one; what is left is ``interaction``.

Systolic pressure, circumference and the reading error do not depend on anything unmeasured;
the fat thickness and the artery's place are what no predictor of Wedig 2025 sees. The shares
show why the model's predictors explain most under the widest cuff: the unseen anatomy's share
falls with width faster than the reading error's rises.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from occlusion.physiology.cohort import Population, sample_cohort
from occlusion.physiology.limb import limb_arrays
from occlusion.physiology.parameters import aop_spread
from occlusion.physiology.validation import SPREAD_COHORT_SIZE, variance_shares
from occlusion.vocabulary import CuffMaterial, Limb, Posture

#: Sources of between-person variation, in the order reported (codes; interfaces name them).
SOURCES = ("sbp", "circumference", "fat", "artery_place", "aop_error", "interaction")
#: Sources no predictor of Wedig 2025 measures (its predictors: TC, SBP, DBP, age, sex).
UNSEEN_SOURCES = ("fat", "artery_place", "aop_error")
#: The spread targets' seed (:mod:`occlusion.physiology.validation`).
_SEED = 2012


@dataclass(frozen=True, slots=True)
class VarianceSources:
    """Variance of measured seated thigh AOP under one cuff, by source.

    ``shares`` maps each code of :data:`SOURCES` to its first-order share [1];
    ``explained`` is the share Wedig 2025's predictors explain, SBP recorded with one
    reading's error [1].
    """

    width_cm: float
    measured_sd_mmhg: float
    shares: dict[str, float]
    explained: float

    @property
    def unseen(self) -> float:
        """First-order share of the sources no predictor measures [1]."""
        return sum(self.shares[code] for code in UNSEEN_SOURCES)


def variance_sources(width_cm: float) -> VarianceSources:
    """Split the variance of measured seated thigh AOP under a nylon cuff by source.

    Parameters
    ----------
    width_cm
        Cuff width [cm], 4-20.

    Returns
    -------
    VarianceSources
        The measured SD [mmHg], first-order shares of each source [1] and the share
        explained by Wedig 2025's predictors [1].
    """
    cohort = sample_cohort(
        Population(Limb.THIGH, posture=Posture.SEATED), SPREAD_COHORT_SIZE, seed=_SEED
    )
    varying = ("sbp", "circumference", "fat", "artery_place")

    def occlusion_pressures(only: str | None) -> NDArray[np.float64]:
        def pick(code: str, values: NDArray[np.float64]) -> NDArray[np.float64]:
            return values if only in (None, code) else np.full_like(values, values.mean())

        return limb_arrays(
            limb=Limb.THIGH,
            circumference_cm=pick("circumference", cohort.circumference_cm),
            sbp_mmhg=pick("sbp", cohort.sbp_mmhg),
            dbp_mmhg=pick("sbp", cohort.dbp_mmhg),
            fat_thickness_cm=pick("fat", cohort.fat_thickness_cm),
            posture=Posture.SEATED,
            cuff_width_cm=width_cm,
            cuff_material=CuffMaterial.NYLON,
            artery_depth_fraction=pick("artery_place", cohort.artery_depth_fraction),
        ).occlusion_pressure_mmhg

    error_variance = aop_spread.MEASUREMENT_ERROR_SD_MMHG**2
    measured_variance = float(occlusion_pressures(None).var()) + error_variance
    shares = {code: float(occlusion_pressures(code).var()) / measured_variance for code in varying}
    shares["aop_error"] = error_variance / measured_variance
    shares["interaction"] = 1.0 - sum(shares.values())
    return VarianceSources(
        width_cm=width_cm,
        measured_sd_mmhg=float(np.sqrt(measured_variance)),
        shares=shares,
        explained=variance_shares(width_cm)[0],
    )


__all__ = ["SOURCES", "UNSEEN_SOURCES", "VarianceSources", "variance_sources"]
