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

:func:`depth_explained_by_circumference` checks the model's anatomy against one measurement of
how well thigh circumference predicts the depth of a deep thigh structure (the sciatic nerve,
an analogue: no such measurement of the femoral artery was found).

:func:`what_if` asks what a cohort unlike the default one would give (the artery's place tied
to thigh size, a narrower brachial SBP spread, the thigh's systolic pressure varying about the
brachial one): a diagnostic of what evidence would settle P-R2w, never used by the simulator.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from occlusion.evidence import Reference, register
from occlusion.physiology.cohort import Cohort, Population, sample_cohort
from occlusion.physiology.limb import limb_arrays
from occlusion.physiology.parameters import aop_spread
from occlusion.physiology.subject import Cuff
from occlusion.physiology.transmission import artery_depth_array_cm
from occlusion.physiology.validation import (
    SPREAD_COHORT_SIZE,
    regression_shares,
    variance_shares,
)
from occlusion.science.checks import require_between
from occlusion.vocabulary import CuffMaterial, Limb, Posture

SCIATIC_DEPTH_2024 = register(
    Reference(
        key="minguez_esteban_2024_sciatic_depth",
        citation=(
            "Minguez-Esteban I, Gonzalez-de-la-Flor A, Villafane JH, Valera-Calero JA, "
            "Plaza-Manzano G, Belon-Perez P, Romero-Morales C. Prediction model for sciatic "
            "nerve procedures: a cross-sectional study. J Clin Med 2024;13(24):7851."
        ),
        status="verified",
        doi="10.3390/jcm13247851",
        url="https://ouci.dntb.gov.ua/en/works/4M1rrMPj",
        note=(
            "Abstract: 50 volunteers aged 18-45, ultrasound depth of the sciatic nerve under "
            "the gluteal fold: proximal thigh circumference explains 44.5 % of its variance "
            "(49.7 % with sex); in the posterior middle third 38.2 % (40.8 %)."
        ),
    )
)
BROWN_2018 = register(
    Reference(
        key="brown_2018_occlusion_pressure_factors",
        citation=(
            "Brown H, Binnie MJ, Dawson B, Bullock N, Scott BR, Peeling P. Factors affecting "
            "occlusion pressure and ischemic preconditioning. Eur J Sport Sci 2018."
        ),
        status="verified-secondary",
        doi="10.1080/17461391.2017.1421712",
        url=(
            "https://github.com/Artinis-Medical-Systems-B-V/publication-site/blob/"
            "d81e2d0f53bdb69d3845c0c9afd0ec5d76ad7a3b/content/publication/brown-factors-2018/"
            "index.md"
        ),
        note=(
            "Abstract (read in a publication list's verbatim copy): 20 athletes, lower-limb "
            "AOP by Doppler with 13 and 18 cm cuffs; sex and SBP explain 61 and 63 % of its "
            "variance, with anthropometry 78 and 79 %, with DXA 79 and 87 %."
        ),
    )
)
FEMORAL_DEPTH_BMI = register(
    Reference(
        key="femoral_vessel_depth_bmi_renal_failure",
        citation=(
            "Femoral artery and vein anatomy by ultrasound in 114 renal failure patients "
            "(Nephrol Dial Transplant; Department of Nephrology, Cerrahpasa Medical Faculty, "
            "Istanbul; title not on the part read)."
        ),
        status="verified",
        url="https://dmice.ohsu.edu/trec-gen/data/2006/documents/nephrodiatransp.zip",
        note=(
            "Abstract read: 114 patients (70 men), ultrasound below the inguinal ligament; the "
            "depth of the femoral artery correlated with BMI (r = 0.54, P < 0.001), of the "
            "vein likewise (r = 0.59); artery 20.7 (6.5) mm deep with BMI > 25 against "
            "14.6 (5.1) mm with normal weight."
        ),
    )
)
YOUNG_ADULT_PRESSURES = register(
    Reference(
        key="jvs_2016_young_adult_toe_brachial_index",
        citation=(
            "Reassessing the normal toe-brachial index in young healthy adults. J Vasc Surg "
            "2016;63(3):652-656."
        ),
        status="verified",
        doi="10.1016/j.jvs.2015.09.019",
        url="https://pubmed.ncbi.nlm.nih.gov/26916582/",
        note=(
            "Abstract read: 73 medical students aged 24.3 (2.0), no comorbidity; brachial SBP "
            "116 (10) mmHg left and 120 (11) mmHg right (stethoscope); ankle-brachial index "
            "1.10 (0.07) averaged by sex and side (Doppler)."
        ),
    )
)
#: Share of the sciatic nerve's depth under the gluteal fold explained by proximal thigh
#: circumference alone [1] (Minguez-Esteban 2024).
SCIATIC_DEPTH_R2_BY_CIRCUMFERENCE = 0.445
#: Correlation of the femoral artery's depth below the inguinal ligament with BMI [1]
#: (renal failure patients, n = 114). Reading BMI as a stand-in for thigh circumference, and
#: the groin for the cuff's level, are interpretations: a check, not a parameter.
FEMORAL_DEPTH_BMI_CORRELATION = 0.54
#: Place-circumference correlation at which the what-if cohort's circumference explains
#: ``FEMORAL_DEPTH_BMI_CORRELATION ** 2`` (0.29) of the artery's depth [1] (found by trial).
PLACE_CORRELATION_FOR_FEMORAL_DEPTH = 0.13
#: Brachial SBP SD of young healthy adults [mmHg]: the mean of the left (10) and right (11)
#: arms' SDs, 73 medical students aged 24 (J Vasc Surg 2016). The cohort keeps MONICA's
#: 13 mmHg (men 25-34): the students are one sample of one age, a check on Wedig-like cohorts.
YOUNG_ADULT_SBP_SD_MMHG = 10.5
#: SD of the ankle-brachial index in those students [1]; times a 120 mmHg brachial SBP it is
#: 8.4 mmHg, an upper bound for how the ankle's (not the thigh's) systolic pressure spreads
#: about the brachial one (it carries two readings' errors).
ANKLE_BRACHIAL_INDEX_SD = 0.07

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


def depth_explained_by_circumference() -> float:
    """Share of the femoral artery's depth explained by thigh circumference in the cohort [1].

    The depth is the model's ``d = f + beta (C / 2 pi - f)`` for each person of the variance
    targets' cohort; the share is the R2 of a straight line in circumference. Compare
    :data:`SCIATIC_DEPTH_R2_BY_CIRCUMFERENCE`, measured for another deep thigh structure.
    """
    cohort = sample_cohort(Population(Limb.THIGH), SPREAD_COHORT_SIZE, seed=_SEED)
    depth_cm = artery_depth_array_cm(
        cohort.circumference_cm, cohort.fat_thickness_cm, Limb.THIGH, cohort.artery_depth_fraction
    )
    correlation = float(np.corrcoef(cohort.circumference_cm, depth_cm)[0, 1])
    return correlation**2


@dataclass(frozen=True, slots=True)
class WhatIf:
    """A cohort unlike the default one (diagnosis only).

    ``place_circumference_correlation`` correlates the artery's place with thigh
    circumference [1]; ``sbp_sd_mmhg`` is the brachial SBP spread; ``leg_pressure_sd_mmhg`` is
    the SD of the thigh's systolic pressure about the brachial one, which the predictors do
    not see [mmHg]. The defaults are the cohort's own.
    """

    place_circumference_correlation: float = 0.0
    sbp_sd_mmhg: float = aop_spread.SBP_SD_MMHG
    leg_pressure_sd_mmhg: float = 0.0


@dataclass(frozen=True, slots=True)
class WhatIfResult:
    """What a :class:`WhatIf` cohort gives; shares at :data:`WEDIG_WIDTHS_CM` [1]."""

    artery_place_sd: float
    depth_explained_by_circumference: float
    supine_13_5cm_sd_mmhg: float
    explained: tuple[float, ...]
    unique_circumference: tuple[float, ...]
    unique_sbp: tuple[float, ...]


#: Wedig 2025's cuff widths [cm].
WEDIG_WIDTHS_CM = (11.0, 13.0, 18.0)
#: Loenneke 2012's 5 cm thigh AOP SD [mmHg], the calibration of the artery's place (P-5cm).
_NARROW_SPREAD_MMHG = 42.0


def _what_if_cohort(scenario: WhatIf, posture: Posture, place_sd: float) -> Cohort:
    cohort = sample_cohort(
        Population(Limb.THIGH, posture=posture, sbp_sd_mmhg=scenario.sbp_sd_mmhg),
        SPREAD_COHORT_SIZE,
        seed=_SEED,
    )
    circumference = cohort.circumference_cm
    tied = (circumference - circumference.mean()) / circumference.std()
    free = np.random.default_rng(_SEED + 10).normal(0.0, 1.0, cohort.size)
    rho = scenario.place_circumference_correlation
    place = 0.5 + place_sd * (rho * tied + np.sqrt(1.0 - rho**2) * free)
    return replace(
        cohort,
        artery_depth_fraction=np.clip(place, *aop_spread.ARTERY_DEPTH_FRACTION_BOUNDS),
    )


def _measured_mmhg(
    cohort: Cohort, width_cm: float, leg_pressure_mmhg: NDArray[np.float64]
) -> NDArray[np.float64]:
    occlusion = limb_arrays(
        limb=Limb.THIGH,
        circumference_cm=cohort.circumference_cm,
        sbp_mmhg=cohort.sbp_mmhg + leg_pressure_mmhg,
        dbp_mmhg=cohort.dbp_mmhg,
        fat_thickness_cm=cohort.fat_thickness_cm,
        posture=cohort.population.posture,
        cuff_width_cm=width_cm,
        cuff_material=CuffMaterial.NYLON,
        artery_depth_fraction=cohort.artery_depth_fraction,
    ).occlusion_pressure_mmhg
    error = np.random.default_rng(_SEED + 1).normal(
        0.0, aop_spread.MEASUREMENT_ERROR_SD_MMHG, cohort.size
    )
    measured: NDArray[np.float64] = occlusion + error
    return measured


def what_if(scenario: WhatIf) -> WhatIfResult:
    """Re-calibrate the artery's place on P-5cm for a :class:`WhatIf` cohort, then run P-R2.

    The SD of the artery's place is found by bisection so that the supine 5 cm spread, with
    the AOP reading error, is Loenneke 2012's 42 mmHg, as for the default cohort.

    Parameters
    ----------
    scenario
        How the cohort differs from the default one.

    Returns
    -------
    WhatIfResult
        The re-calibrated SD of the artery's place [1], the share of the artery's depth
        explained by circumference [1], the supine 13.5 cm spread with reading error [mmHg],
        and Wedig 2025's total and unique shares at 11, 13 and 18 cm [1].
    """
    leg = np.random.default_rng(_SEED + 11).normal(
        0.0, scenario.leg_pressure_sd_mmhg, SPREAD_COHORT_SIZE
    )

    def narrow_spread(place_sd: float) -> float:
        cohort = _what_if_cohort(scenario, Posture.SUPINE, place_sd)
        return float(_measured_mmhg(cohort, 5.0, leg).std(ddof=1))

    low, high = 0.0, 0.3
    for _ in range(30):
        middle = 0.5 * (low + high)
        low, high = (middle, high) if narrow_spread(middle) < _NARROW_SPREAD_MMHG else (low, middle)
    place_sd = 0.5 * (low + high)
    supine = _what_if_cohort(scenario, Posture.SUPINE, place_sd)
    depth = artery_depth_array_cm(
        supine.circumference_cm, supine.fat_thickness_cm, Limb.THIGH, supine.artery_depth_fraction
    )
    seated = _what_if_cohort(scenario, Posture.SEATED, place_sd)
    shares = [
        regression_shares(seated, _measured_mmhg(seated, width_cm, leg))
        for width_cm in WEDIG_WIDTHS_CM
    ]
    return WhatIfResult(
        artery_place_sd=place_sd,
        depth_explained_by_circumference=float(
            np.corrcoef(supine.circumference_cm, depth)[0, 1] ** 2
        ),
        supine_13_5cm_sd_mmhg=float(_measured_mmhg(supine, 13.5, leg).std(ddof=1)),
        explained=tuple(total for total, _, _ in shares),
        unique_circumference=tuple(tc for _, tc, _ in shares),
        unique_sbp=tuple(sbp for _, _, sbp in shares),
    )


def explained_with_reading_step(step_mmhg: float) -> tuple[float, ...]:
    """Wedig 2025's explained shares at 11, 13 and 18 cm with AOP read in steps [1].

    The variance targets' seated cohort and AOP reading error (P-R2), each measured AOP then
    rounded to the nearest multiple of ``step_mmhg``, as a protocol that reads the gauge in
    steps records it. Wedig 2025's step is in its full text (not read); one published thigh
    protocol with 5 and 13.5 cm cuffs recorded AOP to the nearest 10 mmHg (methods copy at
    https://pubcompare.ai/protocol/bgyy1YwB4C3bMWOeW9H9; its paper is not named there).

    Parameters
    ----------
    step_mmhg
        Reading step [mmHg], 0 (read exactly) to 40.
    """
    require_between(step_mmhg, 0.0, 40.0, "reading step", "mmHg")
    cohort = sample_cohort(
        Population(Limb.THIGH, posture=Posture.SEATED), SPREAD_COHORT_SIZE, seed=_SEED
    )
    error = np.random.default_rng(_SEED + 1).normal(
        0.0, aop_spread.MEASUREMENT_ERROR_SD_MMHG, cohort.size
    )
    shares = []
    for width_cm in WEDIG_WIDTHS_CM:
        measured = cohort.limb_arrays(Cuff(width_cm)).occlusion_pressure_mmhg + error
        if step_mmhg > 0.0:
            measured = np.round(measured / step_mmhg) * step_mmhg
        shares.append(regression_shares(cohort, measured)[0])
    return tuple(shares)


__all__ = [
    "SCIATIC_DEPTH_R2_BY_CIRCUMFERENCE",
    "SOURCES",
    "UNSEEN_SOURCES",
    "WEDIG_WIDTHS_CM",
    "VarianceSources",
    "WhatIf",
    "WhatIfResult",
    "depth_explained_by_circumference",
    "explained_with_reading_step",
    "variance_sources",
    "what_if",
]
