"""Simulated studies of Wedig 2025's design drawn from the model's seated thigh cohort.

Wedig et al. 2025 (Front Physiol 16:1658744) measured 116 seated people's thigh AOP with 11, 13
and 18 cm cuffs and regressed it on thigh circumference, SBP, DBP, age and sex. Targets P-R2w and
P-TCxW ask what studies of that design would find if people were as the model's cohort says:
:func:`simulated_studies` draws the people of many such studies at once, with SBP as one reading
records it, and :meth:`SimulatedStudies.measured_mmhg` measures each of them with a cuff.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from occlusion.physiology.cohort import Cohort, Population, sample_cohort
from occlusion.physiology.parameters import aop_spread
from occlusion.physiology.subject import Cuff
from occlusion.science.checks import require_between
from occlusion.vocabulary import Limb, Posture

#: People in Wedig 2025 [1].
WEDIG_2025_N = 116


@dataclass(frozen=True, slots=True)
class SimulatedStudies:
    """Seated people of many simulated studies, laid end to end, with Wedig 2025's predictors.

    Attributes
    ----------
    cohort
        ``study_size * studies`` people of the seated thigh cohort; study ``k`` is rows
        ``k * study_size`` to ``(k + 1) * study_size``.
    predictors
        Shape ``(people, 6)``: intercept, thigh circumference [cm], SBP as recorded (one reading's
        error added) [mmHg], DBP [mmHg], age [years], female (1 or 0).
    rng
        The generator the SBP reading errors came from; :meth:`measured_mmhg` draws on from it.
    """

    cohort: Cohort
    predictors: NDArray[np.float64]
    rng: np.random.Generator

    def measured_mmhg(self, width_cm: float) -> NDArray[np.float64]:
        """Return each person's AOP under a nylon cuff of ``width_cm``, read once [mmHg].

        Every call draws new reading errors (one AOP reading's SD, :mod:`.aop_spread`), so a
        person measured with several cuffs has an independent error with each.
        """
        size = self.cohort.size
        aop: NDArray[np.float64] = self.cohort.limb_arrays(
            Cuff(width_cm)
        ).occlusion_pressure_mmhg + self.rng.normal(
            0.0, aop_spread.MEASUREMENT_ERROR_SD_MMHG, size
        )
        return aop


def simulated_studies(study_size: int, studies: int, seed: int) -> SimulatedStudies:
    """Draw ``studies`` studies of ``study_size`` seated people from the thigh cohort.

    Parameters
    ----------
    study_size
        People in each study, 20 to 1000.
    studies
        Number of studies, 10 to 2000.
    seed
        Seed of the cohort and of the reading errors.

    Returns
    -------
    SimulatedStudies
    """
    require_between(study_size, 20, 1000, "study size", "people")
    require_between(studies, 10, 2000, "number of studies", "studies")
    size = study_size * studies
    cohort = sample_cohort(Population(Limb.THIGH, posture=Posture.SEATED), size, seed=seed)
    rng = np.random.default_rng(seed + 1)
    recorded_sbp = cohort.sbp_mmhg + rng.normal(0.0, aop_spread.SBP_READING_ERROR_SD_MMHG, size)
    predictors = np.column_stack(
        [
            np.ones(size),
            cohort.circumference_cm,
            recorded_sbp,
            cohort.dbp_mmhg,
            cohort.age_years,
            cohort.is_female.astype(float),
        ]
    )
    return SimulatedStudies(cohort=cohort, predictors=predictors, rng=rng)


__all__ = ["WEDIG_2025_N", "SimulatedStudies", "simulated_studies"]
